package rocks.ouroboros.embedded;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import rocks.ouroboros.flow.FlowDownException;
import rocks.ouroboros.flow.FlowPeerTimeoutException;
import rocks.ouroboros.flow.FlowTimeoutException;
import rocks.ouroboros.flow.FlowWouldBlockException;

/**
 * The packets on their way to one reader: a bounded ring, as upstream's per-flow rx ring, with
 * the states that end a flow.
 * <p>
 * Lock-free on the fast path: writers claim a slot by advancing {@code tail} with a CAS, the one
 * reader (its flow serialises reads) takes slots in order. The reader parks only when the ring is
 * empty and writers only when it is full; each side publishes that it waits before it looks
 * again, and the other side looks for waiters after it publishes its change, so no wake-up is
 * lost. Waits are timed and end when the waiting flow closes.
 */
final class PacketRing {

	/** Wait without limit. */
	static final long FOREVER = -1;

	private static final int SPINS = 64;

	private final AtomicReferenceArray<byte[]> slots;

	private final int capacity;

	/**
	 * Writers' cache line, padded: the next slot a writer claims ({@link #TAIL}), and the last head
	 * writers saw ({@link #HEAD_SEEN}), so that they read the reader's line only when the ring
	 * looks full.
	 */
	private final AtomicLongArray writers = new AtomicLongArray(PADDED);

	/** Reader's cache line, padded: the next slot the reader takes ({@link #HEAD}). */
	private final AtomicLongArray reader = new AtomicLongArray(PADDED);

	private static final int PADDED = 32;

	private static final int TAIL = 16;

	private static final int HEAD_SEEN = 17;

	private static final int HEAD = 16;

	/** The flow that reads this ring. */
	private final EmbeddedFlow owner;

	/** The set that hears of the owner's events; read by writers on every packet, so it lives here, not in the owner. */
	volatile @Nullable EmbeddedFlowSet eventSet;

	private volatile @Nullable Thread waitingReader;

	private volatile int waitingWriters;

	private final ReentrantLock writersLock = new ReentrantLock();

	private final Condition room = this.writersLock.newCondition();

	/** The writing side deallocated: the reader drains, then sees the flow down. */
	private volatile boolean writerGone;

	/** The reading side deallocated: writes fail. */
	private volatile boolean readerGone;

	/** Marked down by a {@code DOWN} flag. */
	private volatile boolean down;

	/** The writing side stopped answering within the peer timeout. */
	private volatile boolean peerTimedOut;

	PacketRing(EmbeddedFlow owner, int capacity) {
		this.owner = owner;
		this.capacity = capacity;
		this.slots = new AtomicReferenceArray<>(capacity);
	}

	/**
	 * Adds a packet, waiting for room.
	 * @param timeoutNanos {@link #FOREVER}, 0 not to wait, or how long to wait
	 * @param nonBlocking fail at once with {@link FlowWouldBlockException} when full
	 * @param writer the writing flow, whose close ends the wait
	 */
	void put(byte[] packet, long timeoutNanos, boolean nonBlocking, EmbeddedFlow writer) {
		checkWritable(writer);
		if (tryPut(packet)) {
			return;
		}
		if (nonBlocking) {
			throw new FlowWouldBlockException("flow " + writer.id() + " to '" + writer.name() + "' has no room: the peer has "
					+ this.capacity + " unread packets; the packet was not sent, write it again later");
		}
		long deadline = (timeoutNanos == FOREVER) ? 0 : System.nanoTime() + timeoutNanos;
		this.writersLock.lock();
		this.waitingWriters++;
		try {
			while (true) {
				checkWritable(writer);
				if (tryPut(packet)) {
					return;
				}
				if (timeoutNanos == FOREVER) {
					this.room.awaitUninterruptibly();
				}
				else {
					long nanos = deadline - System.nanoTime();
					if (nanos <= 0) {
						throw new FlowTimeoutException("flow " + writer.id() + " to '" + writer.name()
								+ "': no room within the write timeout; the peer reads too slowly, the packet was not sent");
					}
					this.room.awaitNanos(nanos);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new FlowTimeoutException("write to flow " + writer.id() + " interrupted; the packet was not sent");
		}
		finally {
			this.waitingWriters--;
			this.writersLock.unlock();
		}
	}

	/** Adds a packet if there is room; for broadcast, which drops what a full member cannot take. */
	boolean offer(byte[] packet) {
		return !this.readerGone && !this.down && tryPut(packet);
	}

	private boolean tryPut(byte[] packet) {
		AtomicLongArray writers = this.writers;
		long t;
		do {
			t = writers.get(TAIL);
			if (t - writers.getPlain(HEAD_SEEN) >= this.capacity) {
				long head = this.reader.get(HEAD);
				writers.setPlain(HEAD_SEEN, head);
				if (t - head >= this.capacity) {
					return false;
				}
			}
		}
		while (!writers.compareAndSet(TAIL, t, t + 1));
		this.slots.set((int) (t % this.capacity), packet);
		Thread reader = this.waitingReader;
		if (reader != null) {
			LockSupport.unpark(reader);
		}
		return true;
	}

	/**
	 * Takes the next packet, waiting for one. Only one thread reads at a time.
	 * @param timeoutNanos {@link #FOREVER}, 0 not to wait, or how long to wait
	 * @param nonBlocking return {@code null} at once when empty
	 * @param reader the reading flow, whose close ends the wait
	 */
	byte @Nullable [] take(long timeoutNanos, boolean nonBlocking, EmbeddedFlow reader) {
		if (reader.closing()) {
			throw reader.notAllocatedException();
		}
		byte[] packet = poll();
		if (packet != null) {
			return packet;
		}
		checkReadable(reader);
		if (nonBlocking) {
			return null;
		}
		for (int i = 0; i < SPINS; i++) {
			Thread.onSpinWait();
			if ((packet = poll()) != null) {
				return packet;
			}
		}
		long deadline = (timeoutNanos == FOREVER) ? 0 : System.nanoTime() + timeoutNanos;
		this.waitingReader = Thread.currentThread();
		try {
			while (true) {
				if ((packet = poll()) != null) {
					return packet;
				}
				if (reader.closing()) {
					throw reader.notAllocatedException();
				}
				checkReadable(reader);
				if (timeoutNanos == FOREVER) {
					LockSupport.park(this);
				}
				else {
					long nanos = deadline - System.nanoTime();
					if (nanos <= 0) {
						throw new FlowTimeoutException("flow " + reader.id() + " to '" + reader.name()
								+ "': no packet within the read timeout");
					}
					LockSupport.parkNanos(this, nanos);
				}
			}
		}
		finally {
			this.waitingReader = null;
		}
	}

	private byte @Nullable [] poll() {
		long h = this.reader.getPlain(HEAD);
		int index = (int) (h % this.capacity);
		byte[] packet = this.slots.get(index);
		if (packet == null) {
			if (this.writers.get(TAIL) == h) {
				return null;
			}
			// a writer claimed the slot and is about to fill it
			while ((packet = this.slots.get(index)) == null) {
				Thread.onSpinWait();
			}
		}
		// release suffices: the volatile head store below publishes the cleared slot to writers
		this.slots.setRelease(index, null);
		this.reader.set(HEAD, h + 1);
		if (this.waitingWriters > 0) {
			signalWriters();
		}
		return packet;
	}

	private void signalWriters() {
		this.writersLock.lock();
		try {
			this.room.signal();
		}
		finally {
			this.writersLock.unlock();
		}
	}

	void checkWritable(EmbeddedFlow writer) {
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
		if (this.writerGone && size() == 0) {
			throw new FlowDownException("flow " + reader.id() + " to '" + reader.name()
					+ "' is down: the peer deallocated it and every packet was read");
		}
	}

	private static FlowPeerTimeoutException peerTimeout(EmbeddedFlow flow) {
		return new FlowPeerTimeoutException("flow " + flow.id() + " to '" + flow.name()
				+ "': the peer sent nothing, not even a keepalive, for " + flow.qosSpec().timeoutMillis()
				+ " ms and is presumed dead; deallocate the flow");
	}

	/** Tells the owner's set, if any, of an event. */
	void post(rocks.ouroboros.flow.FlowEventType type) {
		EmbeddedFlowSet set = this.eventSet;
		if (set != null) {
			set.post(this.owner, type);
		}
	}

	/** Packets in the ring. */
	int size() {
		long size = this.writers.get(TAIL) - this.reader.get(HEAD);
		return (int) Math.max(0, Math.min(size, this.capacity));
	}

	void writerGone() {
		this.writerGone = true;
		wakeAll();
	}

	/** The reader deallocated: writes fail from now on, and what it left unread is dropped. */
	void readerGone() {
		this.readerGone = true;
		wakeAll();
		while (poll() != null) {
			// drop: nobody will read it
		}
	}

	void down(boolean down) {
		this.down = down;
		wakeAll();
	}

	void peerTimedOut() {
		this.peerTimedOut = true;
		wakeAll();
	}

	/** Wakes every waiter so that it looks at its flow's state again. */
	void wakeAll() {
		Thread reader = this.waitingReader;
		if (reader != null) {
			LockSupport.unpark(reader);
		}
		this.writersLock.lock();
		try {
			this.room.signalAll();
		}
		finally {
			this.writersLock.unlock();
		}
	}

}
