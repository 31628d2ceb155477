package rocks.ouroboros.embedded;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import rocks.ouroboros.flow.FlowDownException;
import rocks.ouroboros.flow.FlowPeerTimeoutException;
import rocks.ouroboros.flow.FlowTimeoutException;
import rocks.ouroboros.flow.FlowWouldBlockException;

/**
 * The packets on their way to one reader: a bounded ring, as upstream's per-flow rx ring, with
 * the states that end a flow. Writers block while it is full, the reader while it is empty; both
 * wait in slices of at most their timeout and give up when their own flow closes.
 */
final class PacketRing {

	/** Wait without limit. */
	static final long FOREVER = -1;

	private final byte[][] slots;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition notEmpty = this.lock.newCondition();

	private final Condition notFull = this.lock.newCondition();

	private int head;

	private int count;

	/** The writing side deallocated: the reader drains, then sees the flow down. */
	private boolean writerGone;

	/** The reading side deallocated: writes fail. */
	private boolean readerGone;

	/** Marked down by a {@code DOWN} flag. */
	private boolean down;

	/** The writing side stopped answering within the peer timeout. */
	private boolean peerTimedOut;

	PacketRing(int capacity) {
		this.slots = new byte[capacity][];
	}

	/**
	 * Adds a packet, waiting for room.
	 * @param timeoutNanos {@link #FOREVER}, 0 not to wait, or how long to wait
	 * @param nonBlocking fail at once with {@link FlowWouldBlockException} when full
	 * @param writer the writing flow, whose close ends the wait
	 */
	void put(byte[] packet, long timeoutNanos, boolean nonBlocking, EmbeddedFlow writer) {
		ReentrantLock lock = this.lock;
		lock.lock();
		try {
			long nanos = timeoutNanos;
			while (true) {
				checkWritable(writer);
				if (this.count < this.slots.length) {
					break;
				}
				if (nonBlocking) {
					throw new FlowWouldBlockException("flow " + writer.id() + " to '" + writer.name()
							+ "' has no room: the peer has " + this.slots.length
							+ " unread packets; the packet was not sent, write it again later");
				}
				if (timeoutNanos == FOREVER) {
					this.notFull.awaitUninterruptibly();
				}
				else {
					if (nanos <= 0) {
						throw new FlowTimeoutException("flow " + writer.id() + " to '" + writer.name()
								+ "': no room within the write timeout; the peer reads too slowly, the packet was not sent");
					}
					nanos = this.notFull.awaitNanos(nanos);
				}
			}
			int tail = this.head + this.count;
			if (tail >= this.slots.length) {
				tail -= this.slots.length;
			}
			this.slots[tail] = packet;
			this.count++;
			this.notEmpty.signal();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new FlowTimeoutException("write to flow " + writer.id() + " interrupted");
		}
		finally {
			lock.unlock();
		}
	}

	/** Adds a packet if there is room; for broadcast, which drops what a full member cannot take. */
	boolean offer(byte[] packet) {
		this.lock.lock();
		try {
			if (this.count == this.slots.length || this.readerGone || this.down) {
				return false;
			}
			int tail = this.head + this.count;
			if (tail >= this.slots.length) {
				tail -= this.slots.length;
			}
			this.slots[tail] = packet;
			this.count++;
			this.notEmpty.signal();
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Takes the next packet, waiting for one.
	 * @param timeoutNanos {@link #FOREVER}, 0 not to wait, or how long to wait
	 * @param nonBlocking return {@code null} at once when empty
	 * @param reader the reading flow, whose close ends the wait
	 */
	byte @Nullable [] take(long timeoutNanos, boolean nonBlocking, EmbeddedFlow reader) {
		ReentrantLock lock = this.lock;
		lock.lock();
		try {
			long nanos = timeoutNanos;
			while (this.count == 0) {
				if (reader.closing()) {
					throw reader.notAllocatedException();
				}
				checkReadable(reader);
				if (nonBlocking) {
					return null;
				}
				if (timeoutNanos == FOREVER) {
					this.notEmpty.awaitUninterruptibly();
				}
				else {
					if (nanos <= 0) {
						throw new FlowTimeoutException("flow " + reader.id() + " to '" + reader.name()
								+ "': no packet within the read timeout");
					}
					nanos = this.notEmpty.awaitNanos(nanos);
				}
			}
			if (reader.closing()) {
				throw reader.notAllocatedException();
			}
			byte[] packet = this.slots[this.head];
			this.slots[this.head] = null;
			if (++this.head == this.slots.length) {
				this.head = 0;
			}
			this.count--;
			this.notFull.signal();
			return packet;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new FlowTimeoutException("read from flow " + reader.id() + " interrupted");
		}
		finally {
			lock.unlock();
		}
	}

	private void checkWritable(EmbeddedFlow writer) {
		if (writer.closing()) {
			throw writer.notAllocatedException();
		}
		if (this.down) {
			throw new FlowDownException("flow " + writer.id() + " to '" + writer.name()
					+ "' is down (marked DOWN): the packet was not sent");
		}
		if (this.peerTimedOut) {
			throw peerTimeout(writer);
		}
		if (this.readerGone) {
			throw new FlowDownException("flow " + writer.id() + " to '" + writer.name()
					+ "' is down: the peer deallocated it; the packet was not sent, allocate a new flow");
		}
	}

	private void checkReadable(EmbeddedFlow reader) {
		if (this.down) {
			throw new FlowDownException("flow " + reader.id() + " to '" + reader.name() + "' is down (marked DOWN)");
		}
		if (this.peerTimedOut) {
			throw peerTimeout(reader);
		}
		if (this.writerGone) {
			throw new FlowDownException("flow " + reader.id() + " to '" + reader.name()
					+ "' is down: the peer deallocated it and every packet was read");
		}
	}

	private static FlowPeerTimeoutException peerTimeout(EmbeddedFlow flow) {
		return new FlowPeerTimeoutException("flow " + flow.id() + " to '" + flow.name()
				+ "': the peer sent nothing, not even a keepalive, for " + flow.qosSpec().timeoutMillis()
				+ " ms and is presumed dead; deallocate the flow");
	}

	int size() {
		this.lock.lock();
		try {
			return this.count;
		}
		finally {
			this.lock.unlock();
		}
	}

	int capacity() {
		return this.slots.length;
	}

	void writerGone() {
		update(() -> this.writerGone = true);
	}

	void readerGone() {
		update(() -> {
			this.readerGone = true;
			for (int i = 0; i < this.slots.length; i++) {
				this.slots[i] = null;
			}
			this.count = 0;
		});
	}

	void down(boolean down) {
		update(() -> this.down = down);
	}

	void peerTimedOut() {
		update(() -> this.peerTimedOut = true);
	}

	/** Wakes every waiter so that it looks at its flow's state again. */
	void wakeAll() {
		update(() -> {
		});
	}

	private void update(Runnable change) {
		this.lock.lock();
		try {
			change.run();
			this.notEmpty.signalAll();
			this.notFull.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

}
