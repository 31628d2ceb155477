package rocks.ouroboros.flow;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The events a {@link FlowSet#await(FlowEventQueue, java.time.Duration) wait} found, taken one at
 * a time with {@link #next()}, as pyOuroboros's {@code FEventQueue}. Events of flows closed since
 * are skipped. One thread at a time uses a queue.
 */
public abstract class FlowEventQueue implements AutoCloseable {

	private final Ouroboros owner;

	protected FlowEventQueue(Ouroboros owner) {
		this.owner = Objects.requireNonNull(owner, "owner");
	}

	/** The next event, or {@code null} when the queue is empty. */
	public final @Nullable FlowEvent next() {
		FlowEvent event;
		do {
			event = doNext();
		}
		while (event != null && !event.flow().isAllocated());
		return event;
	}

	/** The instance this queue belongs to. */
	public final Ouroboros owner() {
		return this.owner;
	}

	/** Frees the queue. */
	@Override
	public void close() {
	}

	/** The next event, or {@code null}. */
	protected abstract @Nullable FlowEvent doNext();

}
