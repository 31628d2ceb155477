package rocks.ouroboros.spring.actuate;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import rocks.ouroboros.spring.actuate.OuroborosEndpoint.ListenerDescriptor;
import rocks.ouroboros.spring.autoconfigure.OuroborosAutoConfiguration;
import rocks.ouroboros.spring.autoconfigure.OuroborosListenerAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class OuroborosEndpointTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OuroborosAutoConfiguration.class,
				OuroborosListenerAutoConfiguration.class, OuroborosEndpointAutoConfiguration.class))
		.withPropertyValues("ouroboros.backend=embedded", "ouroboros.embedded.isolated=true",
				"management.endpoints.web.exposure.include=ouroboros")
		.withBean(EchoListeners.class);

	@Test
	void aListenerNotAutoStartedCanBeStartedAndStoppedById() {
		this.contextRunner.run((context) -> {
			OuroborosEndpoint endpoint = context.getBean(OuroborosEndpoint.class);
			assertThat(endpoint.listener("idle")).extracting(ListenerDescriptor::state).isEqualTo("CREATED");
			assertThat(endpoint.changeListenerState("idle", "running")).extracting(ListenerDescriptor::state)
				.isEqualTo("RUNNING");
			assertThat(endpoint.changeListenerState("idle", "STOPPED")).extracting(ListenerDescriptor::state)
				.isEqualTo("STOPPED");
		});
	}

	@Test
	void anUnknownListenerIdIsNotFoundAndCannotBeStopped() {
		this.contextRunner.run((context) -> {
			OuroborosEndpoint endpoint = context.getBean(OuroborosEndpoint.class);
			assertThat(endpoint.listener("nope")).isNull();
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint.changeListenerState("nope", "stopped"))
				.withMessage("There is no listener 'nope'; the listeners are [echo, idle]");
		});
	}

	@Test
	void aStateOtherThanRunningOrStoppedIsABadRequestThatSaysWhichAreValid() {
		this.contextRunner.run((context) -> assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> context.getBean(OuroborosEndpoint.class).changeListenerState("echo", "paused"))
			.withMessageContaining("'running' or 'stopped'"));
	}

	@Test
	void theEndpointNeedsNeitherTheHealthModuleNorMicrometer() {
		this.contextRunner
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.health", "io.micrometer.core"))
			.run((context) -> assertThat(context.getBean(OuroborosEndpoint.class).ouroboros().listeners())
				.extracting(ListenerDescriptor::id)
				.containsExactly("echo", "idle"));
	}

	@Test
	void noEndpointWhenNotExposed() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).doesNotHaveBean(OuroborosEndpoint.class));
	}

}
