package rocks.ouroboros.flow;

/**
 * The flow is not allocated: it was deallocated (closed) already, or the Ouroboros instance that
 * owned it was closed. A closed {@link Flow} never reaches another flow, even one that got the
 * same descriptor; allocate a new flow instead.
 */
public class FlowNotAllocatedException extends FlowException {

	private static final long serialVersionUID = 1L;

	public FlowNotAllocatedException(String message) {
		super(message, -1000);
	}

}
