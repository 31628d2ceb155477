package rocks.ouroboros.spring.actuate;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.spring.autoconfigure.OuroborosAutoConfiguration;
import rocks.ouroboros.spring.autoconfigure.OuroborosListenerAutoConfiguration;
import rocks.ouroboros.spring.autoconfigure.QosProfiles;
import rocks.ouroboros.spring.listener.OuroborosListenerEndpointRegistry;
import rocks.ouroboros.spring.metrics.QosProfileNames;

/**
 * The {@code ouroboros} actuator endpoint, when Spring Boot's actuator is there and the endpoint
 * is available (exposed and not turned off).
 */
@AutoConfiguration(after = { OuroborosAutoConfiguration.class, OuroborosListenerAutoConfiguration.class })
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(Ouroboros.class)
@ConditionalOnAvailableEndpoint(OuroborosEndpoint.class)
public final class OuroborosEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	OuroborosEndpoint ouroborosEndpoint(Ouroboros ouroboros, ObjectProvider<QosProfileNames> qosProfileNames,
			ObjectProvider<QosProfiles> qosProfiles, ObjectProvider<OuroborosListenerEndpointRegistry> registry) {
		QosProfileNames names = qosProfileNames.getIfAvailable(() -> {
			QosProfiles profiles = qosProfiles.getIfAvailable();
			return (profiles != null) ? QosProfileNames.of(profiles) : QosProfileNames.presetsOnly();
		});
		return new OuroborosEndpoint(ouroboros, names, new ListenerContainers(registry));
	}

}
