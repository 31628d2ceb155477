package rocks.ouroboros.flow;

/**
 * A write on a flow with {@link FlowFlag#WRITE_NONBLOCK} found no room: the packet was
 * <em>not</em> sent. Wait for room (or clear the flag) and write it again. It carries no stack
 * trace because it is an expected outcome of non-blocking writes. (A non-blocking read that
 * finds nothing returns {@code -1} instead.)
 */
public class FlowWouldBlockException extends FlowTimeoutException {

	private static final long serialVersionUID = 1L;

	public FlowWouldBlockException(String message) {
		super(message, -11, false);
	}

}
