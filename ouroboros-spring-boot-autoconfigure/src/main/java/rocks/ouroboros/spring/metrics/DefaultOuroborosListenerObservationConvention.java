package rocks.ouroboros.spring.metrics;

import java.util.Locale;

import io.micrometer.common.KeyValues;

import rocks.ouroboros.spring.listener.ListenerInvocation;
import rocks.ouroboros.spring.metrics.OuroborosListenerObservation.ListenerHighCardinalityTags;
import rocks.ouroboros.spring.metrics.OuroborosListenerObservation.ListenerLowCardinalityTags;

/**
 * The default {@link OuroborosListenerObservationConvention}: listener id, name and mode as
 * low-cardinality keys; flow descriptor and packet size as high-cardinality keys. Extend it to add
 * keys.
 */
public class DefaultOuroborosListenerObservationConvention implements OuroborosListenerObservationConvention {

	/** A shared instance. */
	public static final DefaultOuroborosListenerObservationConvention INSTANCE = new DefaultOuroborosListenerObservationConvention();

	@Override
	public KeyValues getLowCardinalityKeyValues(OuroborosListenerObservationContext context) {
		ListenerInvocation invocation = context.getInvocation();
		return KeyValues.of(ListenerLowCardinalityTags.LISTENER_ID.withValue(invocation.listenerId()),
				ListenerLowCardinalityTags.NAME.withValue(invocation.name()),
				ListenerLowCardinalityTags.MODE.withValue(invocation.mode().name().toLowerCase(Locale.ROOT)));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(OuroborosListenerObservationContext context) {
		ListenerInvocation invocation = context.getInvocation();
		KeyValues values = KeyValues.of(ListenerHighCardinalityTags.FLOW_ID.withValue(Integer.toString(invocation.flow().id())));
		int bytes = invocation.payloadBytes();
		return (bytes >= 0) ? values.and(ListenerHighCardinalityTags.PAYLOAD_SIZE.withValue(Integer.toString(bytes)))
				: values;
	}

	@Override
	public String getContextualName(OuroborosListenerObservationContext context) {
		return context.getInvocation().name() + " receive";
	}

}
