package rocks.ouroboros.spring.actuate;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import rocks.ouroboros.embedded.EmbeddedLayer;
import rocks.ouroboros.flow.FlowException;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.spring.autoconfigure.OuroborosAutoConfiguration;
import rocks.ouroboros.spring.autoconfigure.OuroborosListenerAutoConfiguration;
import rocks.ouroboros.spring.listener.ListenerMode;
import rocks.ouroboros.spring.listener.ListenerState;
import rocks.ouroboros.spring.listener.OuroborosListenerContainer;
import rocks.ouroboros.spring.listener.OuroborosListenerEndpointRegistry;

import static org.assertj.core.api.Assertions.assertThat;

class OuroborosHealthIndicatorTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OuroborosAutoConfiguration.class,
				OuroborosListenerAutoConfiguration.class, OuroborosHealthContributorAutoConfiguration.class))
		.withPropertyValues("ouroboros.backend=embedded", "ouroboros.embedded.isolated=true")
		.withBean(EchoListeners.class);

	@Test
	void healthIsUpWithBackendVersionAndListenerStates() {
		this.contextRunner.run((context) -> {
			Health health = context.getBean(OuroborosHealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("backend", "embedded")
				.containsEntry("version", EmbeddedLayer.MIRRORED_VERSION)
				.containsEntry("listeners", Map.of("echo", "RUNNING", "idle", "CREATED"));
		});
	}

	@Test
	void aListenerStoppedOnPurposeKeepsHealthUp() {
		this.contextRunner.run((context) -> {
			context.getBean(OuroborosListenerEndpointRegistry.class).getListenerContainer("echo").stop();
			Health health = context.getBean(OuroborosHealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("listeners", Map.of("echo", "STOPPED", "idle", "CREATED"));
		});
	}

	@Test
	void healthIsDownWhenTheBackendIsClosed() {
		this.contextRunner.run((context) -> {
			context.getBean(Ouroboros.class).close();
			Health health = context.getBean(OuroborosHealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("reason", "the Ouroboros instance is closed");
		});
	}

	@Test
	void aFailedListenerMakesHealthDownAndSaysWhy() {
		try (EmbeddedLayer layer = EmbeddedLayer.create(); Ouroboros ouroboros = layer.newProcess()) {
			OuroborosListenerContainer failed = new FailedListener("audit", new FlowException("IPC process gone", -1));
			Health health = new OuroborosHealthIndicator(ouroboros, () -> List.of(failed)).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("listeners", Map.of("audit", "FAILED"))
				.containsEntry("failedListeners", Map.of("audit", "FlowException: IPC process gone"));
		}
	}

	@Test
	void noHealthIndicatorWhenTurnedOff() {
		this.contextRunner.withPropertyValues("management.health.ouroboros.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(OuroborosHealthIndicator.class));
	}

	/** A container that failed as the accept loop makes one fail: only its state and failure matter here. */
	private record FailedListener(String id, Throwable cause) implements OuroborosListenerContainer {

		@Override
		public String getListenerId() {
			return this.id;
		}

		@Override
		public String getName() {
			return this.id;
		}

		@Override
		public ListenerMode getMode() {
			return ListenerMode.FLOW;
		}

		@Override
		public int getConcurrency() {
			return 1;
		}

		@Override
		public ListenerState getState() {
			return ListenerState.FAILED;
		}

		@Override
		public @Nullable Throwable getFailure() {
			return this.cause;
		}

		@Override
		public int getOpenFlowCount() {
			return 0;
		}

		@Override
		public long getAcceptedFlowCount() {
			return 0;
		}

		@Override
		public long getHandledCount() {
			return 0;
		}

		@Override
		public long getFailedCount() {
			return 0;
		}

		@Override
		public void start() {
		}

		@Override
		public void stop() {
		}

		@Override
		public boolean isRunning() {
			return false;
		}

	}

}
