package rocks.ouroboros.flow;

import org.jspecify.annotations.Nullable;

/** What a {@link FlowEvent} reports (upstream's {@code enum fqtype}). */
public enum FlowEventType {

	/** A packet arrived; one event per packet. */
	PACKET(1),

	/** The peer marked the flow down. */
	DOWN(2),

	/** The peer marked the flow up again. */
	UP(4),

	/** A flow was allocated (defined upstream, not emitted by 0.23). */
	ALLOC(8),

	/** The peer deallocated the flow. */
	DEALLOC(16),

	/** The peer timed out: nothing arrived within the QoS peer timeout. */
	PEER(32);

	private final int code;

	FlowEventType(int code) {
		this.code = code;
	}

	/** The upstream value. */
	public int code() {
		return this.code;
	}

	/** The type of an upstream value, or {@code null} for a value this version does not know. */
	public static @Nullable FlowEventType fromCode(int code) {
		for (FlowEventType type : values()) {
			if (type.code == code) {
				return type;
			}
		}
		return null;
	}

}
