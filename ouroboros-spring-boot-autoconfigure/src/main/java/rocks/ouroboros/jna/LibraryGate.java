package rocks.ouroboros.jna;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Guards one load of {@code libouroboros-dev} against use after it is unloaded. Calls into the
 * library that are not made through an open flow {@link #enter() enter} and {@link #exit() exit}
 * the gate; every object holding a native handle of the load (flows, flow sets, event queues)
 * {@link #register registers}. {@link #retire()} shuts the gate: no call enters any more and no
 * handle registers, and the handles registered are returned to be closed. The library may be
 * unloaded only once {@link #awaitIdle} saw no call inside and every handle released: a handle of
 * an old load can then never reach the library loaded after it (whose descriptors are reused).
 */
final class LibraryGate {

	/** Something holding a native handle of this load. */
	interface Handle {

		/** Closes it without calling the library (the load is retired); may block for one slice. */
		void retire();

	}

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private final Set<Handle> handles = ConcurrentHashMap.newKeySet();

	private int calls;

	private boolean retired;

	/** Enters the gate: {@code false} when the load is retired (the caller must not call the library). */
	boolean enter() {
		this.lock.lock();
		try {
			if (this.retired) {
				return false;
			}
			this.calls++;
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Leaves the gate after a successful {@link #enter()}. */
	void exit() {
		this.lock.lock();
		try {
			this.calls--;
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Registers a handle: {@code false} when the load is retired (the handle must not be used). */
	boolean register(Handle handle) {
		this.lock.lock();
		try {
			if (this.retired) {
				return false;
			}
			this.handles.add(handle);
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The handle is closed and will not call the library again. */
	void release(Handle handle) {
		this.lock.lock();
		try {
			if (this.handles.remove(handle)) {
				this.changed.signalAll();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Whether {@link #retire()} was called. */
	boolean isRetired() {
		this.lock.lock();
		try {
			return this.retired;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Shuts the gate; returns the handles registered, which the caller closes. */
	List<Handle> retire() {
		this.lock.lock();
		try {
			this.retired = true;
			this.changed.signalAll();
			return new ArrayList<>(this.handles);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits until the gate is retired, no call is inside and every handle was released.
	 * @return {@code true} when it is so, {@code false} when {@code timeout} ran out first
	 */
	boolean awaitIdle(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		this.lock.lock();
		try {
			while (!(this.retired && this.calls == 0 && this.handles.isEmpty())) {
				long nanos = deadline - System.nanoTime();
				if (nanos <= 0) {
					return false;
				}
				this.changed.awaitNanos(nanos);
			}
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** What is still inside or registered, for the message when the load cannot be unloaded. */
	String describeBusy() {
		this.lock.lock();
		try {
			return this.calls + " call(s) in progress and " + this.handles.size() + " handle(s) not released";
		}
		finally {
			this.lock.unlock();
		}
	}

}
