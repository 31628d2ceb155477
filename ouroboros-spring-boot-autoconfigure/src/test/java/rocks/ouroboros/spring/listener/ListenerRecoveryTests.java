package rocks.ouroboros.spring.listener;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import rocks.ouroboros.embedded.EmbeddedLayer;
import rocks.ouroboros.flow.BackendKind;
import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowEventQueue;
import rocks.ouroboros.flow.FlowSet;
import rocks.ouroboros.flow.NameOptions;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.OuroborosUnavailableException;
import rocks.ouroboros.flow.QosSpec;
import rocks.ouroboros.spring.actuate.OuroborosHealthContributorAutoConfiguration;
import rocks.ouroboros.spring.actuate.OuroborosHealthIndicator;
import rocks.ouroboros.spring.autoconfigure.OuroborosAutoConfiguration;
import rocks.ouroboros.spring.autoconfigure.OuroborosListenerAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A listener whose backend stops serving and comes back by itself (as the native backend does
 * after an irmd restart, with reloading on): it waits as {@link ListenerState#RECOVERING}, health is
 * {@code DOWN} meanwhile, and it serves again without a restart; a backend that does not come back
 * by itself still fails the listener for good.
 */
class ListenerRecoveryTests {

	private static final Duration WAIT = Duration.ofSeconds(15);

	private ApplicationContextRunner runner(Ouroboros server) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OuroborosAutoConfiguration.class,
					OuroborosListenerAutoConfiguration.class, OuroborosHealthContributorAutoConfiguration.class))
			.withBean(Ouroboros.class, () -> server)
			.withBean(Echo.class);
	}

	private static OuroborosListenerContainer echoListener(ApplicationContext context) {
		return context.getBean(OuroborosListenerEndpointRegistry.class).getListenerContainer("echo");
	}

	@Test
	void aListenerWaitsWhileTheBackendIsAwayAndServesAgainWhenItIsBack() {
		try (EmbeddedLayer layer = EmbeddedLayer.create(); Ouroboros client = layer.newProcess()) {
			Flaky server = new Flaky(layer.newProcess(), true);
			runner(server).run((context) -> {
				OuroborosListenerContainer listener = echoListener(context);
				OuroborosHealthIndicator health = context.getBean(OuroborosHealthIndicator.class);
				assertThat(echo(client, "before")).isEqualTo("before");

				server.down = true;
				await().atMost(WAIT).until(() -> listener.getState() == ListenerState.RECOVERING);
				assertThat(listener.getFailure()).isInstanceOf(OuroborosUnavailableException.class);
				Health down = health.health(true);
				assertThat(down.getStatus()).isEqualTo(Status.DOWN);
				assertThat(down.getDetails()).containsEntry("reason", "the test backend is away");

				server.down = false;
				await().atMost(WAIT).until(() -> listener.getState() == ListenerState.RUNNING);
				assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
				assertThat(echo(client, "after")).isEqualTo("after");
			});
		}
	}

	@Test
	void aListenerThatIsBackAndCannotAcceptYetKeepsHealthDownUntilItDoes() {
		try (EmbeddedLayer layer = EmbeddedLayer.create(); Ouroboros client = layer.newProcess()) {
			Flaky server = new Flaky(layer.newProcess(), true);
			runner(server).run((context) -> {
				OuroborosListenerContainer listener = echoListener(context);
				server.acceptRefusals = Integer.MAX_VALUE;
				await().atMost(WAIT).until(() -> listener.getState() == ListenerState.RECOVERING);
				// the backend serves, but the listener's accepts still fail: it keeps trying
				Health health = context.getBean(OuroborosHealthIndicator.class).health(true);
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.getDetails()).containsKey("recoveringListeners");
				server.acceptRefusals = 0;
				await().atMost(WAIT).until(() -> listener.getState() == ListenerState.RUNNING);
				assertThat(echo(client, "back")).isEqualTo("back");
			});
		}
	}

	@Test
	void stoppingARecoveringListenerEndsItsRetries() throws Exception {
		try (EmbeddedLayer layer = EmbeddedLayer.create()) {
			Flaky server = new Flaky(layer.newProcess(), true);
			runner(server).run((context) -> {
				OuroborosListenerContainer listener = echoListener(context);
				server.down = true;
				await().atMost(WAIT).until(() -> listener.getState() == ListenerState.RECOVERING);
				listener.stop();
				assertThat(listener.getState()).isEqualTo(ListenerState.STOPPED);
				server.down = false;
				Thread.sleep(2 * FlowListenerContainer.FIRST_RETRY.toMillis() + 500);
				assertThat(listener.getState()).isEqualTo(ListenerState.STOPPED);
			});
		}
	}

	@Test
	void aBackendThatDoesNotComeBackByItselfFailsTheListenerForGood() {
		try (EmbeddedLayer layer = EmbeddedLayer.create()) {
			Flaky server = new Flaky(layer.newProcess(), false);
			runner(server).run((context) -> {
				OuroborosListenerContainer listener = echoListener(context);
				server.down = true;
				await().atMost(WAIT).until(() -> listener.getState() == ListenerState.FAILED);
				server.down = false;
				Thread.sleep(2 * FlowListenerContainer.FIRST_RETRY.toMillis() + 500);
				assertThat(listener.getState()).isEqualTo(ListenerState.FAILED);
			});
		}
	}

	private static String echo(Ouroboros client, String line) {
		try (Flow flow = client.alloc("echo", QosSpec.RAW, Duration.ofSeconds(5))) {
			flow.setReadTimeout(Duration.ofSeconds(5));
			flow.writeLine(line);
			return flow.readLine();
		}
	}

	static class Echo {

		@OuroborosListener(id = "echo", name = "echo")
		String echo(String line) {
			return line;
		}

	}

	/**
	 * An embedded process that can be made to stop serving, as the native backend does while it
	 * reloads after an irmd restart. Flows belong to the wrapped process.
	 */
	static final class Flaky extends Ouroboros {

		private final Ouroboros process;

		private final boolean recovers;

		volatile boolean down;

		volatile int acceptRefusals;

		Flaky(Ouroboros process, boolean recovers) {
			this.process = process;
			this.recovers = recovers;
		}

		@Override
		public BackendKind backend() {
			return BackendKind.EMBEDDED;
		}

		@Override
		public String version() {
			return this.process.version();
		}

		@Override
		public boolean isAvailable() {
			return !this.down && super.isAvailable();
		}

		@Override
		public boolean recoversByItself() {
			return this.recovers;
		}

		@Override
		public Optional<String> unavailableReason() {
			return this.down ? Optional.of("the test backend is away") : Optional.empty();
		}

		@Override
		protected Flow doAlloc(String name, QosSpec qos, @Nullable Duration timeout) {
			return this.process.alloc(name, qos, timeout);
		}

		@Override
		protected Flow doAccept(@Nullable Duration timeout) {
			if (this.down || this.acceptRefusals > 0) {
				throw new OuroborosUnavailableException("the test backend is away");
			}
			return this.process.accept(timeout);
		}

		@Override
		protected Flow doJoin(String layer, QosSpec qos, @Nullable Duration timeout) {
			return this.process.join(layer, qos, timeout);
		}

		@Override
		protected void doBind(String name, NameOptions options) {
			this.process.bind(name, options);
		}

		@Override
		protected void doUnbind(String name) {
			this.process.unbind(name);
		}

		@Override
		protected FlowSet doNewFlowSet() {
			return this.process.newFlowSet();
		}

		@Override
		protected FlowEventQueue doNewEventQueue() {
			return this.process.newEventQueue();
		}

		@Override
		protected void doClose() {
			this.process.close();
		}

	}

}
