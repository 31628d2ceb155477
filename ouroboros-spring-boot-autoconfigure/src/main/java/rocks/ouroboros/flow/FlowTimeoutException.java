package rocks.ouroboros.flow;

/**
 * A blocking call ran out of time: an alloc nobody accepted, a read with no packet, a write the
 * peer had no room for. The flow is still usable; retry or give up as the caller sees fit.
 */
public class FlowTimeoutException extends FlowException {

	private static final long serialVersionUID = 1L;

	public FlowTimeoutException(String message) {
		super(message, -110);
	}

	public FlowTimeoutException(String message, int errorCode) {
		super(message, errorCode);
	}

	protected FlowTimeoutException(String message, int errorCode, boolean writableStackTrace) {
		super(message, errorCode, writableStackTrace);
	}

}
