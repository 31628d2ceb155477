package rocks.ouroboros.flow;

/**
 * The operation is not allowed: a write on a read-only flow, a read on a write-only one, FRCT
 * flags on a flow without FRCT, a second flow set for one flow, or an IRM call without the rights
 * (run as root or as a member of the {@code ouroboros} group).
 */
public class FlowPermissionException extends FlowException {

	private static final long serialVersionUID = 1L;

	public FlowPermissionException(String message) {
		super(message, -1);
	}

	public FlowPermissionException(String message, int errorCode) {
		super(message, errorCode);
	}

}
