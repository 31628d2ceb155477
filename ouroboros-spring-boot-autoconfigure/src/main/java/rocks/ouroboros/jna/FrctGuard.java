package rocks.ouroboros.jna;

import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import rocks.ouroboros.flow.FlowException;
import rocks.ouroboros.flow.QosSpec;

/**
 * Makes this JVM the only reader of an FRCT flow's receive ring.
 * <p>
 * Upstream 0.23.0 puts every FRCT flow ({@code in_order = 1}) into its own internal flow set,
 * which a library thread ({@code flow_rx}) waits on; on each packet event it reads the ring
 * without blocking ({@code fqueue_filter}, {@code flow_rx_spb}, {@code ssm_rbuff_read}) to run
 * the packet through FRCT. {@code ssm_rbuff_read} tests the ring for emptiness before it takes the
 * ring's mutex and does not test again, so when the application's {@code flow_read} takes the
 * same packet meanwhile, the library thread reads a slot already consumed and moves the tail past
 * the head: packets are handled twice, released twice, and {@code flow_read} then dereferences a
 * released buffer ({@code ssm_pool_get} gives {@code NULL}, {@code ssm_pk_buff_head} faults). C
 * programs crash the same way (see {@code docs/native.md}).
 * <p>
 * Adding a flow to an application flow set takes it out of the internal set. So each FRCT flow
 * gets a flow set of its own, and every call that reads its ring ({@code flow_read},
 * {@code fevent} and {@code fqueue_next} on a set holding it) runs under {@link #lock()}. Waits
 * go through {@code fevent} on the own set, which also empties the set's event queue (upstream
 * writes past the end of a queue nobody empties).
 */
final class FrctGuard {

	private final int fd;

	private final long set;

	private final long queue;

	private final ReentrantLock lock = new ReentrantLock();

	/** Whether the flow is in its own set (false while it is in an application's flow set). */
	private boolean attached = true;

	private boolean destroyed;

	private FrctGuard(int fd, long set, long queue) {
		this.fd = fd;
		this.set = set;
		this.queue = queue;
	}

	/**
	 * Why reliable FRCT ({@code in_order = 1, loss = 0}) is refused: 0.23.0's retransmission keeps
	 * the sent buffer in the shared pool and releases it twice (timerwheel.c: {@code ssm_pk_buff_ack}
	 * and then {@code ipcp_spb_release}), so a receiver that has not read it yet reads a freed buffer.
	 */
	static final String RELIABLE_REFUSED = "Ouroboros 0.23.0 cannot carry reliable FRCT flows (in-order with"
			+ " loss = 0, such as QosSpec.DATA): its retransmission frees packets the receiver has not read yet, and"
			+ " the receiving process crashes in flow_read (reproduced with the C tools alone, oping -q data -f; see"
			+ " docs/native.md). Use in-order delivery with loss = 1 (QosSpec.BEST_EFFORT, VIDEO, VOICE) or raw flows";

	/** Whether {@code qos} asks for retransmission, which the native backend refuses. */
	static boolean refused(QosSpec qos) {
		return qos.inOrder() && qos.loss() == 0;
	}

	/**
	 * Takes the flow {@code fd} out of upstream's internal FRCT set, or returns {@code null} for a
	 * flow without FRCT. Call it right after the flow was allocated or accepted.
	 * @throws FlowException when upstream has no flow set left for it
	 */
	static @Nullable FrctGuard attach(int fd, QosSpec qos) {
		if (!qos.inOrder()) {
			return null;
		}
		long set = DevLibrary.fset_create();
		if (set == 0) {
			throw new FlowException("Cannot guard the FRCT flow " + fd + ": each flow with in-order delivery needs a"
					+ " flow set of its own on Ouroboros 0.23.0 and upstream allows 31 per process; close flows or"
					+ " flow sets, or use a QoS without in-order delivery");
		}
		long queue = DevLibrary.fqueue_create();
		int result = (queue == 0) ? -12 : DevLibrary.fset_add(set, fd);
		if (result < 0) {
			DevLibrary.fset_destroy(set);
			if (queue != 0) {
				DevLibrary.fqueue_destroy(queue);
			}
			throw new FlowException("Cannot guard the FRCT flow " + fd + ": " + NativeErrors.describe(result), result);
		}
		return new FrctGuard(fd, set, queue);
	}

	/** Held around every native call that may read the flow's receive ring. */
	ReentrantLock lock() {
		return this.lock;
	}

	/** Whether reads wait on the flow's own set (else the flow is in an application's set). */
	boolean attached() {
		return this.attached;
	}

	/**
	 * Waits at most {@code nanos} for an event on the flow's own set and empties its queue (which
	 * runs arrived packets through FRCT). Call with {@link #lock()} held; 1 or {@code -ETIMEDOUT}.
	 */
	long await(long nanos) {
		long result = DevLibrary.waitEvent(this.set, this.queue, Scratch.get().timespec(nanos));
		drainQueue();
		return result;
	}

	/** Empties the own set's event queue without waiting, if nobody holds the lock. */
	void drain() {
		if (this.lock.tryLock()) {
			try {
				if (this.attached && !this.destroyed) {
					await(0);
				}
			}
			finally {
				this.lock.unlock();
			}
		}
	}

	private void drainQueue() {
		while (DevLibrary.nextEvent(this.queue) >= 0) {
			// the events only woke the wait; the reads find the packets
		}
	}

	/**
	 * Lets an application flow set hold the flow: takes it out of its own set without putting it
	 * back into upstream's internal one ({@code fset_del} would).
	 */
	void detach() {
		this.lock.lock();
		try {
			if (this.attached) {
				drainQueue();
				DevLibrary.fset_zero(this.set);
				this.attached = false;
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Puts the flow back into its own set after an application set released it. */
	void reattach() {
		this.lock.lock();
		try {
			if (!this.attached && !this.destroyed) {
				DevLibrary.fset_add(this.set, this.fd);
				this.attached = true;
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Frees the own set and queue; call after {@code flow_dealloc} returned. */
	void destroy() {
		this.lock.lock();
		try {
			if (!this.destroyed) {
				this.destroyed = true;
				DevLibrary.fset_destroy(this.set);
				DevLibrary.fqueue_destroy(this.queue);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

}
