package rocks.ouroboros.spring.metrics;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.spring.autoconfigure.OuroborosAutoConfiguration;
import rocks.ouroboros.spring.autoconfigure.QosProfiles;

/**
 * Flow meters of the {@link Ouroboros} bean, when Micrometer and a {@link MeterRegistry} are
 * there; Spring Boot binds the {@link OuroborosFlowMetrics} bean to the registry.
 */
@AutoConfiguration(after = OuroborosAutoConfiguration.class, afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, Ouroboros.class })
public final class OuroborosMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	QosProfileNames ouroborosQosProfileNames(ObjectProvider<QosProfiles> qosProfiles) {
		QosProfiles profiles = qosProfiles.getIfAvailable();
		return (profiles != null) ? QosProfileNames.of(profiles) : QosProfileNames.presetsOnly();
	}

	@Bean
	@ConditionalOnMissingBean
	OuroborosFlowMetrics ouroborosFlowMetrics(Ouroboros ouroboros, QosProfileNames qosProfileNames) {
		return new OuroborosFlowMetrics(ouroboros, qosProfileNames);
	}

}
