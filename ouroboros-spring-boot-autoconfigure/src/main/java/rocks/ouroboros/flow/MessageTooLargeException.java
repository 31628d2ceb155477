package rocks.ouroboros.flow;

/**
 * A packet does not fit: a write over the largest packet the layer carries, or a read into a
 * buffer too small for the packet while {@link FlowFlag#READ_NO_PARTIAL} is set.
 */
public class MessageTooLargeException extends FlowException {

	private static final long serialVersionUID = 1L;

	private final long size;

	private final long limit;

	public MessageTooLargeException(String message, long size, long limit) {
		super(message, -90);
		this.size = size;
		this.limit = limit;
	}

	/** The size of the packet in bytes, or -1 when unknown. */
	public long size() {
		return this.size;
	}

	/** The largest size that would have fitted, or -1 when unknown. */
	public long limit() {
		return this.limit;
	}

}
