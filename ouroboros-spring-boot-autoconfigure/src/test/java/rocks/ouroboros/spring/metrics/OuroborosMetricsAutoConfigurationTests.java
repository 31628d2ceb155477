package rocks.ouroboros.spring.metrics;

import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import rocks.ouroboros.embedded.EmbeddedLayer;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.QosSpec;

import static org.assertj.core.api.Assertions.assertThat;

class OuroborosMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OuroborosMetricsAutoConfiguration.class));

	@Test
	void flowMetricsAreThereWithARegistryAndAnOuroborosBean() {
		try (EmbeddedLayer layer = EmbeddedLayer.create()) {
			this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
				.withBean(Ouroboros.class, layer::newProcess)
				.run((context) -> assertThat(context).hasSingleBean(OuroborosFlowMetrics.class)
					.hasSingleBean(QosProfileNames.class));
		}
	}

	@Test
	void noFlowMetricsWithoutARegistry() {
		try (EmbeddedLayer layer = EmbeddedLayer.create()) {
			this.contextRunner.withBean(Ouroboros.class, layer::newProcess)
				.run((context) -> assertThat(context).doesNotHaveBean(OuroborosFlowMetrics.class));
		}
	}

	@Test
	void noFlowMetricsWithoutAnOuroborosBean() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).doesNotHaveBean(OuroborosFlowMetrics.class));
	}

	@Test
	void noFlowMetricsWithoutMicrometer() {
		try (EmbeddedLayer layer = EmbeddedLayer.create()) {
			this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
				.withBean(Ouroboros.class, layer::newProcess)
				.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(OuroborosFlowMetrics.class));
		}
	}

	@Test
	void aUserQosProfileNamesBeanNamesTheQosTag() {
		QosProfileNames names = QosProfileNames.of(Map.of("chat", QosSpec.VOICE));
		try (EmbeddedLayer layer = EmbeddedLayer.create()) {
			this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
				.withBean(Ouroboros.class, layer::newProcess)
				.withBean(QosProfileNames.class, () -> names)
				.run((context) -> assertThat(context).getBean(QosProfileNames.class).isSameAs(names));
		}
	}

}
