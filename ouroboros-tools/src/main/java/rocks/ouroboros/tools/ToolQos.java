package rocks.ouroboros.tools;

import rocks.ouroboros.flow.QosSpec;

/** The QoS names upstream's tools take after {@code -q}. */
public enum ToolQos {

	RAW(QosSpec.RAW), BEST(QosSpec.BEST_EFFORT), VIDEO(QosSpec.VIDEO), VOICE(QosSpec.VOICE), DATA(QosSpec.DATA);

	private final QosSpec spec;

	ToolQos(QosSpec spec) {
		this.spec = spec;
	}

	/** The spec the name stands for. */
	public QosSpec spec() {
		return this.spec;
	}

}
