package rocks.ouroboros.spring.metrics;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the observation of a listener call; declare a bean of this type to replace
 * {@link DefaultOuroborosListenerObservationConvention}.
 */
public interface OuroborosListenerObservationConvention
		extends ObservationConvention<OuroborosListenerObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof OuroborosListenerObservationContext;
	}

	@Override
	default String getName() {
		return "ouroboros.listener";
	}

}
