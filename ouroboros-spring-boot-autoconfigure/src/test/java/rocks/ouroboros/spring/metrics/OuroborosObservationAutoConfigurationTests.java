package rocks.ouroboros.spring.metrics;

import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import rocks.ouroboros.spring.autoconfigure.OuroborosAutoConfiguration;
import rocks.ouroboros.spring.autoconfigure.OuroborosListenerAutoConfiguration;
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
	void noObservationWithoutAnObservationRegistry() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(ObservingListenerInterceptor.class));
	}

}
