package rocks.ouroboros.embedded;

import java.util.ArrayDeque;

import org.jspecify.annotations.Nullable;

import rocks.ouroboros.flow.FlowEvent;
import rocks.ouroboros.flow.FlowEventQueue;

/** An event queue of the embedded layer; a wait swaps its buffer with the set's. */
final class EmbeddedEventQueue extends FlowEventQueue {

	private ArrayDeque<FlowEvent> events = new ArrayDeque<>();

	EmbeddedEventQueue(EmbeddedProcess owner) {
		super(owner);
	}

	/** Takes {@code filled} as the new content and returns the old buffer, emptied, for reuse. */
	ArrayDeque<FlowEvent> fill(ArrayDeque<FlowEvent> filled) {
		ArrayDeque<FlowEvent> old = this.events;
		old.clear();
		this.events = filled;
		return old;
	}

	@Override
	protected @Nullable FlowEvent doNext() {
		return this.events.poll();
	}

}
