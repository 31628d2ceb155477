package rocks.ouroboros.jna;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.jspecify.annotations.Nullable;

import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowEventQueue;
import rocks.ouroboros.flow.FlowException;
import rocks.ouroboros.flow.FlowSet;

/**
 * An upstream {@code fset_t}. Waits loop over {@link NativeFlow#SLICE slices} of {@code fevent}
 * so that closing the set is prompt; the set is destroyed only when no call is inside it.
 */
final class NativeFlowSet extends FlowSet implements LibraryGate.Handle {

	/** Descriptors upstream hands out: below 4096. */
	static final int MAX_FDS = 4096;

	private final DevGeneration generation;

	private final long set;

	private final AtomicReferenceArray<@Nullable NativeFlow> flows = new AtomicReferenceArray<>(MAX_FDS);

	/** Held shared by calls into the set, exclusively by destroy. */
	private final ReentrantReadWriteLock inUse = new ReentrantReadWriteLock();

	private boolean destroyed;

	/** The FRCT flows of this set: its waits read their rings, so they hold their guards' locks. */
	private final java.util.concurrent.ConcurrentSkipListMap<Integer, FrctGuard> frct =
			new java.util.concurrent.ConcurrentSkipListMap<>();

	NativeFlowSet(NativeProcess process, DevGeneration generation) {
		super(process);
		this.generation = generation;
		if (!generation.gate().register(this)) {
			throw generation.retiredFailure("create a flow set");
		}
		long created = generation.call("create a flow set", DevLibrary::fset_create);
		if (created == 0) {
			generation.gate().release(this);
			throw new FlowException("Cannot create a flow set: upstream allows 31 per process (one more is its own);"
					+ " close flow sets you no longer use");
		}
		this.set = created;
	}

	/** The flow of this set with descriptor {@code fd}, or {@code null}. */
	@Nullable NativeFlow flowAt(int fd) {
		return (fd >= 0 && fd < MAX_FDS) ? this.flows.get(fd) : null;
	}

	@Override
	protected void doAdd(Flow flow) {
		NativeFlow nativeFlow = (NativeFlow) flow;
		this.inUse.readLock().lock();
		if (!this.generation.gate().enter()) {
			this.inUse.readLock().unlock();
			throw this.generation.retiredFailure("add " + flow + " to a flow set");
		}
		try {
			FrctGuard guard = nativeFlow.frct();
			if (guard != null) {
				guard.detach();
			}
			// known before fset_add: it posts FLOW_PKT at once for packets already queued, and a
			// thread waiting on the set may turn that event into a flow before fset_add returns
			if (guard != null) {
				this.frct.put(nativeFlow.fd(), guard);
			}
			this.flows.set(nativeFlow.fd(), nativeFlow);
			int result = DevLibrary.fset_add(this.set, nativeFlow.fd());
			if (result < 0) {
				this.flows.compareAndSet(nativeFlow.fd(), nativeFlow, null);
				if (guard != null) {
					this.frct.remove(nativeFlow.fd(), guard);
					guard.reattach();
				}
				throw NativeErrors.toException(result, "add " + flow + " to a flow set", flow.name());
			}
		}
		finally {
			this.generation.gate().exit();
			this.inUse.readLock().unlock();
		}
	}

	@Override
	protected void doRemove(Flow flow) {
		NativeFlow nativeFlow = (NativeFlow) flow;
		this.inUse.readLock().lock();
		boolean entered = this.generation.gate().enter();
		try {
			FrctGuard guard = nativeFlow.frct();
			if (entered) {
				if (!this.destroyed) {
					DevLibrary.fset_del(this.set, nativeFlow.fd());
				}
				if (guard != null && this.frct.remove(nativeFlow.fd(), guard)) {
					// fset_del put it back into upstream's own FRCT set: take it out again
					guard.reattach();
				}
			}
			else if (guard != null) {
				// the load is retired: nothing may call it, unloading it frees the set
				this.frct.remove(nativeFlow.fd(), guard);
			}
			this.flows.compareAndSet(nativeFlow.fd(), nativeFlow, null);
		}
		finally {
			if (entered) {
				this.generation.gate().exit();
			}
			this.inUse.readLock().unlock();
		}
	}

	@Override
	protected boolean doAwait(FlowEventQueue queue, @Nullable Duration timeout) {
		NativeEventQueue events = (NativeEventQueue) queue;
		long nanos = Scratch.nanos(timeout);
		if (Blocking.onVirtualThread() && nanos != 0) {
			return Blocking.onPlatformThread(() -> awaitLoop(events, nanos));
		}
		return awaitLoop(events, nanos);
	}

	private boolean awaitLoop(NativeEventQueue events, long nanos) {
		long deadline = (nanos < 0) ? Long.MAX_VALUE : System.nanoTime() + nanos;
		while (true) {
			long remaining = deadline - System.nanoTime();
			long slice = (nanos < 0 || remaining >= NativeFlow.SLICE) ? NativeFlow.SLICE : Math.max(remaining, 0);
			long result;
			this.inUse.readLock().lock();
			try {
				checkOpen();
				if (!this.generation.gate().enter()) {
					throw this.generation.retiredFailure("wait for events on a flow set");
				}
				try {
					result = underFrctLocks(() -> events.fill(this, slice));
				}
				finally {
					this.generation.gate().exit();
				}
			}
			finally {
				this.inUse.readLock().unlock();
			}
			if (result >= 0) {
				return true;
			}
			if (result != -NativeErrors.ETIMEDOUT) {
				throw NativeErrors.toException(result, "wait for events on a flow set", "*");
			}
			if (nanos >= 0 && System.nanoTime() - deadline >= 0) {
				return false;
			}
		}
	}

	@Override
	protected void doClose() {
		this.inUse.writeLock().lock();
		try {
			if (!this.destroyed) {
				this.destroyed = true;
				if (this.generation.gate().enter()) {
					try {
						DevLibrary.fset_destroy(this.set);
					}
					finally {
						this.generation.gate().exit();
					}
				}
			}
		}
		finally {
			this.inUse.writeLock().unlock();
			this.generation.gate().release(this);
		}
	}

	/** irmd went away: closes the set without calling the library; unloading it frees the set. */
	@Override
	public void retire() {
		close();
	}

	DevGeneration generation() {
		return this.generation;
	}

	/** Runs {@code call} holding the locks of this set's FRCT flows (in descriptor order). */
	<T> T underFrctLocks(java.util.function.Supplier<T> call) {
		if (this.frct.isEmpty()) {
			return call.get();
		}
		java.util.List<FrctGuard> held = new java.util.ArrayList<>();
		try {
			for (FrctGuard guard : this.frct.values()) {
				guard.lock().lock();
				held.add(guard);
			}
			return call.get();
		}
		finally {
			for (FrctGuard guard : held) {
				guard.lock().unlock();
			}
		}
	}

	long handle() {
		return this.set;
	}

}
