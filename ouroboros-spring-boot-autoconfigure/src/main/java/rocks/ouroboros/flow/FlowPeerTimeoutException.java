package rocks.ouroboros.flow;

/**
 * The peer stopped answering: nothing, not even a keepalive, arrived within the peer timeout of
 * the flow's {@link QosSpec#timeoutMillis() QoS}. The peer is presumed dead; deallocate the flow.
 */
public class FlowPeerTimeoutException extends FlowDownException {

	private static final long serialVersionUID = 1L;

	public FlowPeerTimeoutException(String message) {
		super(message, -1006);
	}

}
