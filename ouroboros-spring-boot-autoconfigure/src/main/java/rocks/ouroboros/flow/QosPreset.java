package rocks.ouroboros.flow;

/** The six QoS presets of upstream's {@code qos.h}, by name (for configuration). */
public enum QosPreset {

	/** {@link QosSpec#RAW}. */
	RAW(QosSpec.RAW),

	/** {@link QosSpec#RAW_NO_ERRORS}. */
	RAW_NO_ERRORS(QosSpec.RAW_NO_ERRORS),

	/** {@link QosSpec#BEST_EFFORT}. */
	BEST_EFFORT(QosSpec.BEST_EFFORT),

	/** {@link QosSpec#VIDEO}. */
	VIDEO(QosSpec.VIDEO),

	/** {@link QosSpec#VOICE}. */
	VOICE(QosSpec.VOICE),

	/** {@link QosSpec#DATA}. */
	DATA(QosSpec.DATA);

	private final QosSpec spec;

	QosPreset(QosSpec spec) {
		this.spec = spec;
	}

	/** The spec of this preset. */
	public QosSpec spec() {
		return this.spec;
	}

}
