package rocks.ouroboros.spring.listener;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import rocks.ouroboros.flow.Flow;

/**
 * One accepted flow of a container and the work waiting for it: the flow itself in flow mode,
 * the packets read and not yet handled in packet mode. A session is in the workers' ready queue
 * or running at most once ({@link #scheduled}), which keeps a flow's packets in order and off
 * parallel threads.
 */
final class FlowSession {

	final Flow flow;

	private final FlowListenerContainer container;

	private final ConcurrentLinkedQueue<byte[]> inbox = new ConcurrentLinkedQueue<>();

	/** In the ready queue or running. */
	private final AtomicBoolean scheduled = new AtomicBoolean();

	private final AtomicBoolean finished = new AtomicBoolean();

	/** No more packets will come: deallocate once the inbox is handled. */
	private volatile boolean ending;

	private volatile long lastActivityNanos = System.nanoTime();

	FlowSession(Flow flow, FlowListenerContainer container) {
		this.flow = flow;
		this.container = container;
	}

	/** A packet read from the flow (event loop thread). */
	void received(byte[] packet) {
		this.lastActivityNanos = System.nanoTime();
		this.inbox.add(packet);
	}

	/** Asks for a worker if there is work and none is on it yet. */
	void schedule() {
		if (hasWork() && this.scheduled.compareAndSet(false, true)) {
			this.container.workers().submit(this);
		}
	}

	/** Deallocate the flow once the packets read so far are handled. */
	void end() {
		this.ending = true;
		schedule();
	}

	boolean isEnding() {
		return this.ending;
	}

	boolean isFinished() {
		return this.finished.get();
	}

	long lastActivityNanos() {
		return this.lastActivityNanos;
	}

	int pendingPackets() {
		return this.inbox.size();
	}

	private boolean hasWork() {
		return !this.finished.get()
				&& (this.container.getMode() == ListenerMode.FLOW || !this.inbox.isEmpty() || this.ending);
	}

	/**
	 * Runs one unit of work on a worker thread: the whole flow in flow mode, one packet in packet
	 * mode.
	 * @return whether the session has more work and stays queued
	 */
	boolean runOnce() {
		if (this.container.getMode() == ListenerMode.FLOW) {
			try {
				this.container.handleFlow(this);
			}
			finally {
				finish();
			}
			return false;
		}
		byte[] packet = this.inbox.poll();
		if (packet != null) {
			this.lastActivityNanos = System.nanoTime();
			this.container.handlePacket(this, packet);
		}
		else if (this.ending) {
			finish();
			return false;
		}
		if (hasWork()) {
			return true;
		}
		this.scheduled.set(false);
		return hasWork() && this.scheduled.compareAndSet(false, true);
	}

	/** Deallocates the flow and leaves the container; only the first call does anything. */
	void finish() {
		if (this.finished.compareAndSet(false, true)) {
			this.flow.close();
			this.container.sessionFinished(this);
		}
	}

	/** Drops what waits, deallocates the flow, and returns how many packets were dropped. */
	int abort() {
		int dropped = this.inbox.size();
		this.inbox.clear();
		finish();
		return dropped;
	}

}
