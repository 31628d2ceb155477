package rocks.ouroboros.spring.actuate;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.spring.autoconfigure.OuroborosAutoConfiguration;
import rocks.ouroboros.spring.autoconfigure.OuroborosListenerAutoConfiguration;
import rocks.ouroboros.spring.listener.OuroborosListenerEndpointRegistry;

/**
 * The {@code ouroboros} health indicator, when Spring Boot's health module is there; turn it off
 * with {@code management.health.ouroboros.enabled=false}.
 */
@AutoConfiguration(after = { OuroborosAutoConfiguration.class, OuroborosListenerAutoConfiguration.class },
		afterName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(Ouroboros.class)
@ConditionalOnEnabledHealthIndicator("ouroboros")
public final class OuroborosHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = { "ouroborosHealthIndicator", "ouroborosHealthContributor" })
	OuroborosHealthIndicator ouroborosHealthIndicator(Ouroboros ouroboros,
			ObjectProvider<OuroborosListenerEndpointRegistry> registry) {
		return new OuroborosHealthIndicator(ouroboros, new ListenerContainers(registry));
	}

}
