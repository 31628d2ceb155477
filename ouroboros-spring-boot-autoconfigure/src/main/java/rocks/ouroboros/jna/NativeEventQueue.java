package rocks.ouroboros.jna;

import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import rocks.ouroboros.flow.FlowEvent;
import rocks.ouroboros.flow.FlowEventQueue;
import rocks.ouroboros.flow.FlowEventType;
import rocks.ouroboros.flow.OuroborosUnavailableException;

/**
 * An upstream {@code fqueue_t}, filled by {@link NativeFlowSet}'s waits. Descriptors are turned
 * back into flows through the set that filled the queue; events of flows that left it are skipped.
 */
final class NativeEventQueue extends FlowEventQueue implements LibraryGate.Handle {

	private final DevGeneration generation;

	private final long queue;

	private final ReentrantLock lock = new ReentrantLock();

	private @Nullable NativeFlowSet source;

	private boolean destroyed;

	NativeEventQueue(NativeProcess process, DevGeneration generation) {
		super(process);
		this.generation = generation;
		if (!generation.gate().register(this)) {
			throw generation.retiredFailure("create an event queue");
		}
		long created = generation.call("create an event queue", DevLibrary::fqueue_create);
		if (created == 0) {
			generation.gate().release(this);
			throw new OuroborosUnavailableException("Cannot create an event queue: out of memory");
		}
		this.queue = created;
	}

	/** One {@code fevent} of at most {@code nanos}; 1, or a negative code. */
	long fill(NativeFlowSet set, long nanos) {
		this.lock.lock();
		try {
			checkNotDestroyed();
			if (set.generation() != this.generation) {
				throw this.generation.retiredFailure("wait for events with an event queue of another library load");
			}
			this.source = set;
			return DevLibrary.waitEvent(set.handle(), this.queue, Scratch.get().timespec(nanos));
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	protected @Nullable FlowEvent doNext() {
		this.lock.lock();
		if (!this.generation.gate().enter()) {
			this.lock.unlock();
			throw this.generation.retiredFailure("take an event from an event queue");
		}
		try {
			checkNotDestroyed();
			NativeFlowSet set = this.source;
			while (set != null) {
				// fqueue_next runs FRCT packets through FRCT: it reads their rings
				int fd = set.underFrctLocks(() -> DevLibrary.nextEvent(this.queue));
				if (fd < 0) {
					return null;
				}
				int code = DevLibrary.eventType(this.queue);
				NativeFlow flow = set.flowAt(fd);
				FlowEventType type = FlowEventType.fromCode(code);
				if (flow != null && type != null) {
					return new FlowEvent(flow, type);
				}
			}
			return null;
		}
		finally {
			this.generation.gate().exit();
			this.lock.unlock();
		}
	}

	private void checkNotDestroyed() {
		if (this.destroyed) {
			throw new IllegalStateException("this event queue is closed: make a new one with Ouroboros.newEventQueue()");
		}
	}

	@Override
	public void close() {
		this.lock.lock();
		try {
			if (!this.destroyed) {
				this.destroyed = true;
				if (this.generation.gate().enter()) {
					try {
						DevLibrary.fqueue_destroy(this.queue);
					}
					finally {
						this.generation.gate().exit();
					}
				}
			}
		}
		finally {
			this.lock.unlock();
			this.generation.gate().release(this);
		}
	}

	/** irmd went away: closes the queue without calling the library; unloading it frees the queue. */
	@Override
	public void retire() {
		close();
	}

}
