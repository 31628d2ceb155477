package rocks.ouroboros.spring.metrics;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import rocks.ouroboros.embedded.EmbeddedLayer;
import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.QosSpec;
import rocks.ouroboros.spring.autoconfigure.OuroborosAutoConfiguration;
import rocks.ouroboros.spring.autoconfigure.OuroborosListenerAutoConfiguration;
import rocks.ouroboros.spring.listener.ListenerInvocation;
import rocks.ouroboros.spring.listener.ListenerMode;
import rocks.ouroboros.spring.listener.OuroborosListenerAnnotationBeanPostProcessor;
import rocks.ouroboros.spring.listener.OuroborosListenerContainerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class OuroborosObservationAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OuroborosAutoConfiguration.class,
				OuroborosListenerAutoConfiguration.class, OuroborosObservationAutoConfiguration.class))
		.withPropertyValues("ouroboros.backend=embedded", "ouroboros.embedded.isolated=true");

	@Test
	void listenerContainersObserveCallsWhenThereIsAnObservationRegistry() {
		this.contextRunner.withBean(ObservationRegistry.class, ObservationRegistry::create).run((context) -> {
			OuroborosListenerContainerFactory factory = context.getBean(
					OuroborosListenerAnnotationBeanPostProcessor.CONTAINER_FACTORY_BEAN_NAME,
					OuroborosListenerContainerFactory.class);
			assertThat(factory.getInterceptors()).first().isInstanceOf(ObservingListenerInterceptor.class);
		});
	}

	@Test
	void listenerCallsAreTimedByDefault() throws Exception {
		observed().run((context) -> {
			callListener(context.getBean(ObservingListenerInterceptor.class));
			assertThat(context.getBean(MeterRegistry.class).get("ouroboros.listener").timer().count()).isEqualTo(1);
		});
	}

	@Test
	void theObservationIsTurnedOffByItsPrefix() {
		observed().withPropertyValues("management.observations.enable.ouroboros.listener=false").run((context) -> {
			callListener(context.getBean(ObservingListenerInterceptor.class));
			assertThat(context.getBean(MeterRegistry.class).find("ouroboros.listener").timer()).isNull();
		});
	}

	private ApplicationContextRunner observed() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
					OuroborosObservationAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new);
	}

	private static void callListener(ObservingListenerInterceptor interceptor) throws Exception {
		try (EmbeddedLayer layer = EmbeddedLayer.create()) {
			Ouroboros server = layer.newProcess();
			server.bind("echo");
			CompletableFuture<Flow> accepted = CompletableFuture
				.supplyAsync(() -> server.accept(Duration.ofSeconds(10)));
			layer.newProcess().alloc("echo", QosSpec.RAW, Duration.ofSeconds(10));
			ListenerInvocation invocation = new ListenerInvocation("echo", "echo", ListenerMode.FLOW, accepted.join(),
					null);
			interceptor.intercept(invocation, () -> null);
		}
	}

	@Test
	void noObservationWithoutAnObservationRegistry() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(ObservingListenerInterceptor.class));
	}

}
