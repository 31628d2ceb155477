package rocks.ouroboros.spring.metrics;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observation of {@code @OuroborosListener} method calls: with a
 * {@code DefaultMeterObservationHandler} it yields the timer {@code ouroboros.listener} (and
 * {@code ouroboros.listener.active}), with a tracing handler one span per call.
 */
public enum OuroborosListenerObservation implements ObservationDocumentation {

	/** One call of a listener method: per accepted flow in flow mode, per packet in packet mode. */
	LISTENER_OBSERVATION {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultOuroborosListenerObservationConvention.class;
		}

		@Override
		public String getPrefix() {
			return "ouroboros.listener";
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return ListenerLowCardinalityTags.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return ListenerHighCardinalityTags.values();
		}

	};

	/** Keys with few values: fit for metric tags. */
	public enum ListenerLowCardinalityTags implements KeyName {

		/** The listener id. */
		LISTENER_ID {

			@Override
			public String asString() {
				return "ouroboros.listener.id";
			}

		},

		/** The name the listener serves. */
		NAME {

			@Override
			public String asString() {
				return "ouroboros.name";
			}

		},

		/** {@code flow} or {@code packet}. */
		MODE {

			@Override
			public String asString() {
				return "ouroboros.listener.mode";
			}

		}

	}

	/** Keys with many values: for spans only. */
	public enum ListenerHighCardinalityTags implements KeyName {

		/** The descriptor of the flow the call is for. */
		FLOW_ID {

			@Override
			public String asString() {
				return "ouroboros.flow.id";
			}

		},

		/** The size of the packet in bytes (packet mode only). */
		PAYLOAD_SIZE {

			@Override
			public String asString() {
				return "ouroboros.payload.size";
			}

			@Override
			public boolean isRequired() {
				return false;
			}

		}

	}

}
