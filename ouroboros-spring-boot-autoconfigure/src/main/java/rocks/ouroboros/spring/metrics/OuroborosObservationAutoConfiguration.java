package rocks.ouroboros.spring.metrics;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import rocks.ouroboros.spring.listener.ListenerInvocationInterceptor;

/**
 * Observes {@code @OuroborosListener} calls when an {@link ObservationRegistry} is there: the
 * listener containers pick the {@link ObservingListenerInterceptor} up with every other
 * {@link ListenerInvocationInterceptor} bean. A {@link OuroborosListenerObservationConvention}
 * bean replaces the default convention; {@code management.observations.enable.ouroboros.listener=false}
 * turns the observation off.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(ObservationRegistry.class)
public final class OuroborosObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ObservingListenerInterceptor ouroborosObservingListenerInterceptor(ObservationRegistry observationRegistry,
			ObjectProvider<OuroborosListenerObservationConvention> convention) {
		return new ObservingListenerInterceptor(observationRegistry, convention.getIfUnique());
	}

}
