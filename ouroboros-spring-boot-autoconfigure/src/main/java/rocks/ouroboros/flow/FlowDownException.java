package rocks.ouroboros.flow;

/**
 * The flow is down: the peer deallocated it, or it was marked {@link FlowFlag#DOWN}. Packets
 * that arrived before are still read first; after this, deallocate the flow and allocate a new
 * one if the conversation must go on.
 */
public class FlowDownException extends FlowException {

	private static final long serialVersionUID = 1L;

	public FlowDownException(String message) {
		super(message, -1005);
	}

	protected FlowDownException(String message, int errorCode) {
		super(message, errorCode);
	}

}
