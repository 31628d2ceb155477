package rocks.ouroboros.spring.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import rocks.ouroboros.embedded.EmbeddedLayer;
import rocks.ouroboros.flow.BackendKind;
import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowEventQueue;
import rocks.ouroboros.flow.FlowException;
import rocks.ouroboros.flow.FlowSet;
import rocks.ouroboros.flow.NameOptions;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.QosSpec;
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
	void aBackendThatDoesNotAnswerIsDownWithinTheTimeoutAndCostsOneThread() {
		try (WedgedNativeBackend wedged = new WedgedNativeBackend()) {
			OuroborosHealthIndicator indicator = new OuroborosHealthIndicator(wedged, List::of, Duration.ofMillis(200));
			for (int i = 0; i < 3; i++) {
				Health health = indicator.health(true);
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.getDetails()).containsEntry("reason",
						"the native backend did not say whether it serves within 200 ms: is irmd wedged?");
			}
			assertThat(wedged.asked).hasValue(1);
			wedged.answer.countDown();
		}
	}

	@Test
	void noHealthIndicatorWhenTurnedOff() {
		this.contextRunner.withPropertyValues("management.health.ouroboros.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(OuroborosHealthIndicator.class));
	}

	/** A native backend whose IRM daemon takes connections and never answers, as a wedged irmd does. */
	private static final class WedgedNativeBackend extends Ouroboros {

		final CountDownLatch answer = new CountDownLatch(1);

		final AtomicInteger asked = new AtomicInteger();

		@Override
		public boolean isAvailable() {
			this.asked.incrementAndGet();
			try {
				this.answer.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return false;
		}

		@Override
		public BackendKind backend() {
			return BackendKind.NATIVE;
		}

		@Override
		public String version() {
			return "0.23.0";
		}

		@Override
		protected Flow doAlloc(String name, QosSpec qos, @Nullable Duration timeout) {
			throw new UnsupportedOperationException();
		}

		@Override
		protected Flow doAccept(@Nullable Duration timeout) {
			throw new UnsupportedOperationException();
		}

		@Override
		protected Flow doJoin(String layer, QosSpec qos, @Nullable Duration timeout) {
			throw new UnsupportedOperationException();
		}

		@Override
		protected void doBind(String name, NameOptions options) {
			throw new UnsupportedOperationException();
		}

		@Override
		protected void doUnbind(String name) {
		}

		@Override
		protected FlowSet doNewFlowSet() {
			throw new UnsupportedOperationException();
		}

		@Override
		protected FlowEventQueue doNewEventQueue() {
			throw new UnsupportedOperationException();
		}

		@Override
		protected void doClose() {
		}

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
