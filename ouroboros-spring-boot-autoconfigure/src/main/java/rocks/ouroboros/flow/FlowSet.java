package rocks.ouroboros.flow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * A set of flows to wait on together, as pyOuroboros's {@code FlowSet}: {@link #await} fills a
 * {@link FlowEventQueue} with what happened to them. A flow belongs to at most one set; a closed
 * flow leaves its set by itself.
 * <p>
 * Backends extend this class and implement the protected primitives.
 */
public abstract class FlowSet implements AutoCloseable {

	private final Ouroboros owner;

	private final Set<Flow> flows = ConcurrentHashMap.newKeySet();

	private final ReentrantLock lock = new ReentrantLock();

	private volatile boolean closed;

	protected FlowSet(Ouroboros owner) {
		this.owner = Objects.requireNonNull(owner, "owner");
	}

	/**
	 * Adds a flow; packets already waiting in it are reported at once.
	 * @throws FlowPermissionException when the flow is in another set
	 * @throws FlowNotAllocatedException when the flow is closed
	 */
	public final void add(Flow flow) {
		checkFlow(flow);
		flow.guarded(() -> {
			this.lock.lock();
			try {
				checkOpen();
				FlowSet current = flow.flowSet();
				if (current == this) {
					return;
				}
				if (current != null) {
					throw new FlowPermissionException(flow + " is already in another flow set: a flow belongs to at most"
							+ " one set; remove it from the other set first", -1);
				}
				doAdd(flow);
				flow.flowSet(this);
				this.flows.add(flow);
			}
			finally {
				this.lock.unlock();
			}
		});
	}

	/** Removes a flow; removing a flow that is not in the set does nothing. */
	public final void remove(Flow flow) {
		Objects.requireNonNull(flow, "flow");
		if (flow.flowSet() == this) {
			forget(flow);
		}
	}

	/** Removes every flow. */
	public final void clear() {
		for (Flow flow : new ArrayList<>(this.flows)) {
			forget(flow);
		}
	}

	/** Whether the flow is in this set. */
	public final boolean contains(Flow flow) {
		return flow.flowSet() == this && this.flows.contains(flow);
	}

	/** The flows in this set. */
	public final Set<Flow> flows() {
		return Collections.unmodifiableSet(this.flows);
	}

	/**
	 * Waits until something happens to a flow of this set, and moves what happened into
	 * {@code queue} (replacing what it held).
	 * @param timeout how long to wait; {@link Duration#ZERO} to look without waiting,
	 * {@code null} without limit
	 * @return {@code true} when the queue holds events, {@code false} when the time ran out
	 */
	public final boolean await(FlowEventQueue queue, @Nullable Duration timeout) {
		Objects.requireNonNull(queue, "queue");
		Names.requireValidTimeout(timeout, "timeout");
		checkOpen();
		if (queue.owner() != this.owner) {
			throw new IllegalArgumentException("the event queue belongs to another Ouroboros instance");
		}
		return doAwait(queue, timeout);
	}

	/** Removes every flow and frees the set. */
	@Override
	public final void close() {
		this.lock.lock();
		try {
			if (this.closed) {
				return;
			}
			this.closed = true;
		}
		finally {
			this.lock.unlock();
		}
		clear();
		this.owner.forget(this);
		doClose();
	}

	/** Whether the set is closed. */
	public final boolean isClosed() {
		return this.closed;
	}

	/** The instance this set belongs to. */
	public final Ouroboros owner() {
		return this.owner;
	}

	/** Fails when the set is closed. */
	protected final void checkOpen() {
		if (this.closed) {
			throw new IllegalStateException("this flow set is closed: make a new one with Ouroboros.newFlowSet()");
		}
	}

	/** Adds a flow that is in no set; packets waiting in it must be reported. */
	protected abstract void doAdd(Flow flow);

	/** Removes a flow of this set (it may be closing). */
	protected abstract void doRemove(Flow flow);

	/** Waits for events and moves them into {@code queue}; {@code false} on timeout. */
	protected abstract boolean doAwait(FlowEventQueue queue, @Nullable Duration timeout);

	/** Frees the set after every flow left it. */
	protected abstract void doClose();

	private void checkFlow(Flow flow) {
		Objects.requireNonNull(flow, "flow");
		if (flow.owner() != this.owner) {
			throw new IllegalArgumentException(flow + " belongs to another Ouroboros instance than this flow set");
		}
	}

	final void forget(Flow flow) {
		this.lock.lock();
		try {
			if (flow.flowSet() != this) {
				return;
			}
			this.flows.remove(flow);
			flow.flowSet(null);
			doRemove(flow);
		}
		finally {
			this.lock.unlock();
		}
	}

}
