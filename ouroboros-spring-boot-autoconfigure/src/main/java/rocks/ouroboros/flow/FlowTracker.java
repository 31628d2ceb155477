package rocks.ouroboros.flow;

import java.util.Arrays;

/** Sees the packets of one flow and its close, on behalf of a {@link FlowObserver}. */
public interface FlowTracker {

	/** A tracker that does nothing. */
	FlowTracker NONE = new FlowTracker() {
	};

	/** A read returned {@code bytes} bytes. */
	default void packetRead(int bytes) {
	}

	/** A packet of {@code bytes} bytes was written. */
	default void packetWritten(int bytes) {
	}

	/** The flow was deallocated; called once, after the last call on the flow returned. */
	default void flowClosed() {
	}

	/** A tracker that calls {@code first}, then {@code second}, leaving out {@link #NONE}. */
	static FlowTracker both(FlowTracker first, FlowTracker second) {
		if (first == NONE) {
			return second;
		}
		if (second == NONE) {
			return first;
		}
		FlowTracker[] trackers = (first instanceof Composite composite)
				? Arrays.copyOf(composite.trackers, composite.trackers.length + 1) : new FlowTracker[] { first, null };
		trackers[trackers.length - 1] = second;
		return new Composite(trackers);
	}

	/** Several trackers behind one. */
	final class Composite implements FlowTracker {

		private final FlowTracker[] trackers;

		private Composite(FlowTracker[] trackers) {
			this.trackers = trackers;
		}

		@Override
		public void packetRead(int bytes) {
			for (FlowTracker tracker : this.trackers) {
				tracker.packetRead(bytes);
			}
		}

		@Override
		public void packetWritten(int bytes) {
			for (FlowTracker tracker : this.trackers) {
				tracker.packetWritten(bytes);
			}
		}

		@Override
		public void flowClosed() {
			for (FlowTracker tracker : this.trackers) {
				tracker.flowClosed();
			}
		}

	}

}
