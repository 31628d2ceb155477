package rocks.ouroboros.flow;

/**
 * Sees every flow of an {@link Ouroboros} instance open, fail and close: the seam for metrics.
 * Register one with {@link Ouroboros#addObserver(FlowObserver)}; it is told of flows already open
 * at once. Calls arrive on the threads that use the flows, so implementations must be fast and
 * thread-safe, and must not throw.
 */
public interface FlowObserver {

	/**
	 * A flow was allocated, accepted or joined.
	 * @param flow the new flow
	 * @return the tracker that sees this flow's packets and its close
	 */
	FlowTracker flowOpened(Flow flow);

	/**
	 * An alloc, accept or join failed.
	 * @param name the name or layer asked for ({@code ""} for an accept)
	 * @param role the role the flow would have had
	 * @param failure why
	 */
	default void flowFailed(String name, FlowRole role, FlowException failure) {
	}

}
