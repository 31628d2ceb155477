package rocks.ouroboros.embedded;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowEventType;
import rocks.ouroboros.flow.FlowFlag;
import rocks.ouroboros.flow.FlowNotAllocatedException;
import rocks.ouroboros.flow.FlowPermissionException;
import rocks.ouroboros.flow.FlowRole;
import rocks.ouroboros.flow.FrctFlag;
import rocks.ouroboros.flow.MessageTooLargeException;
import rocks.ouroboros.flow.QosSpec;

/**
 * One end of a flow on the embedded layer. Its receive ring is the peer's send ring, as with
 * upstream's direct IPC between two processes; a broadcast member has a receive ring only and
 * writes into every other member's.
 */
final class EmbeddedFlow extends Flow {

	private static final int DEFAULT_FLAGS = FlowFlag.toBits(FlowFlag.defaults());

	private final EmbeddedProcess process;

	private final QosSpec qos;

	private final PacketRing rx;

	/** The peer's receive ring; {@code null} for a broadcast member. */
	private @Nullable PacketRing tx;

	private @Nullable EmbeddedFlow peer;

	private final @Nullable BroadcastGroup group;

	private volatile int flags = DEFAULT_FLAGS;

	private volatile int frctFlags;

	private volatile long readTimeoutNanos = PacketRing.FOREVER;

	private volatile long writeTimeoutNanos = PacketRing.FOREVER;

	/** One reader at a time: the ring has one consumer, and the partial-read state below is the reader's. */
	private final ReentrantLock readLock = new ReentrantLock();

	// the reader's state, guarded by readLock: the packet read in part, and whether the end mark is due
	private byte @Nullable [] partial;

	private int partialOffset;

	private boolean filledBuffer;

	EmbeddedFlow(EmbeddedProcess process, int id, String name, FlowRole role, QosSpec qos,
			@Nullable BroadcastGroup group) {
		super(process, id, name, role);
		this.process = process;
		this.qos = qos;
		this.group = group;
		this.rx = new PacketRing(this, process.layer().ringCapacity());
		if (qos.inOrder()) {
			int frct = FrctFlag.RESOURCE_CONTROL.bits();
			if (qos.loss() == 0) {
				frct |= FrctFlag.RETRANSMIT.bits() | FrctFlag.LINGER.bits();
			}
			this.frctFlags = frct;
		}
	}

	/** Connects two new ends: each one's send ring is the other's receive ring. */
	static void connect(EmbeddedFlow client, EmbeddedFlow server) {
		client.peer = server;
		server.peer = client;
		client.tx = server.rx;
		server.tx = client.rx;
	}

	// ---------------------------------------------------------------- reads

	@Override
	protected int doRead(byte[] buffer, int offset, int length) {
		this.readLock.lock();
		try {
			return readInto(buffer, offset, length);
		}
		finally {
			this.readLock.unlock();
		}
	}

	@Override
	protected int doRead(ByteBuffer buffer) {
		this.readLock.lock();
		try {
			return readInto(buffer);
		}
		finally {
			this.readLock.unlock();
		}
	}

	private int readInto(byte[] buffer, int offset, int length) {
		byte[] packet = nextPacket();
		if (packet == null) {
			return endOfPacket();
		}
		int copied = fit(packet, length);
		System.arraycopy(packet, this.partialOffset, buffer, offset, copied);
		consumed(packet, copied, length);
		return copied;
	}

	private int readInto(ByteBuffer buffer) {
		byte[] packet = nextPacket();
		if (packet == null) {
			return endOfPacket();
		}
		int room = buffer.remaining();
		int copied = fit(packet, room);
		buffer.put(packet, this.partialOffset, copied);
		consumed(packet, copied, room);
		return copied;
	}

	/**
	 * The packet to read from: the rest of one read in part, or the next; null when the last read
	 * filled its buffer (the end mark is due), or when non-blocking and empty.
	 */
	private byte @Nullable [] nextPacket() {
		int flags = this.flags;
		if ((flags & 3) == FlowFlag.WRITE_ONLY.bits()) {
			throw new FlowPermissionException("flow " + id() + " to '" + name()
					+ "' is write-only: set READ_ONLY or READ_WRITE to read", -1);
		}
		if (this.filledBuffer) {
			return null;
		}
		if (this.partial != null) {
			return this.partial;
		}
		boolean nonBlocking = (flags & FlowFlag.READ_NONBLOCK.bits()) != 0;
		return this.rx.take(this.readTimeoutNanos, nonBlocking, this);
	}

	private int endOfPacket() {
		if (this.filledBuffer) {
			this.filledBuffer = false;
			return 0;
		}
		return -1;
	}

	/** How much of what is left of the packet fits; refused without partial reads. */
	private int fit(byte[] packet, int room) {
		int left = packet.length - this.partialOffset;
		if (left > room && (this.flags & FlowFlag.READ_NO_PARTIAL.bits()) != 0) {
			this.partial = null;
			this.partialOffset = 0;
			throw new MessageTooLargeException("flow " + id() + " to '" + name() + "': a packet of " + packet.length
					+ " bytes does not fit the read buffer of " + room
					+ " bytes and READ_NO_PARTIAL is set; the packet was dropped: read with a larger buffer",
					packet.length, room);
		}
		return Math.min(left, room);
	}

	/**
	 * Keeps the rest of a packet for the next reads, as partial reads promise (the native backend
	 * does the same; upstream 0.23.0 itself loses the rest). A read that ends a packet exactly at
	 * the end of its buffer is followed by a read that returns 0, marking the packet's end.
	 */
	private void consumed(byte[] packet, int copied, int room) {
		int left = packet.length - this.partialOffset;
		if (copied < left) {
			this.partial = packet;
			this.partialOffset += copied;
		}
		else {
			this.partial = null;
			this.partialOffset = 0;
			// upstream marks the end of a packet that filled the buffer with a 0 read, unless
			// READ_NO_PARTIAL is set (then a packet is always read whole)
			this.filledBuffer = copied > 0 && copied == room && (this.flags & FlowFlag.READ_NO_PARTIAL.bits()) == 0;
		}
	}

	// ---------------------------------------------------------------- writes

	@Override
	protected void doWrite(byte[] buffer, int offset, int length) {
		checkWritable(length);
		send(Arrays.copyOfRange(buffer, offset, offset + length));
	}

	@Override
	protected void doWrite(ByteBuffer buffer) {
		int length = buffer.remaining();
		checkWritable(length);
		byte[] packet = new byte[length];
		buffer.get(buffer.position(), packet);
		send(packet);
		// only a packet that went out consumes the buffer, so that a failed write can be retried
		buffer.position(buffer.limit());
	}

	private void checkWritable(int length) {
		if ((this.flags & 3) == FlowFlag.READ_ONLY.bits()) {
			throw new FlowPermissionException("flow " + id() + " to '" + name()
					+ "' is read-only: set WRITE_ONLY or READ_WRITE to write", -1);
		}
		int max = this.process.layer().maxPacketSize();
		if (length > max) {
			throw new MessageTooLargeException("flow " + id() + " to '" + name() + "': a packet of " + length
					+ " bytes is larger than the " + max + " bytes the layer carries; split it", length, max);
		}
	}

	private void send(byte[] packet) {
		BroadcastGroup group = this.group;
		if (group != null) {
			if (packet.length > 0) {
				group.send(this, packet);
			}
			return;
		}
		PacketRing tx = this.tx;
		if (tx == null) {
			throw notAllocatedException();
		}
		if (packet.length == 0) {
			tx.checkWritable(this); // as upstream, an empty write sends nothing, but a down flow still says so
			return;
		}
		boolean nonBlocking = (this.flags & FlowFlag.WRITE_NONBLOCK.bits()) != 0;
		tx.put(packet, this.writeTimeoutNanos, nonBlocking, this);
		tx.post(FlowEventType.PACKET);
	}

	/** A broadcast packet from another member. */
	void deliver(byte[] packet) {
		if (this.rx.offer(packet)) {
			post(FlowEventType.PACKET);
		}
	}

	/** Tells this flow's set, if any, of an event. */
	void post(FlowEventType type) {
		this.rx.post(type);
	}

	/** The set that hears of this flow's events. */
	@Nullable
	EmbeddedFlowSet eventSet() {
		return this.rx.eventSet;
	}

	void eventSet(@Nullable EmbeddedFlowSet set) {
		this.rx.eventSet = set;
	}

	// ---------------------------------------------------------------- settings

	@Override
	protected @Nullable Duration doGetTimeout(boolean read) {
		long nanos = read ? this.readTimeoutNanos : this.writeTimeoutNanos;
		return (nanos == PacketRing.FOREVER) ? null : Duration.ofNanos(nanos);
	}

	@Override
	protected void doSetTimeout(boolean read, @Nullable Duration timeout) {
		long nanos = (timeout == null) ? PacketRing.FOREVER : saturatedNanos(timeout);
		if (read) {
			this.readTimeoutNanos = nanos;
		}
		else {
			this.writeTimeoutNanos = nanos;
		}
	}

	static long saturatedNanos(Duration duration) {
		try {
			return duration.toNanos();
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE;
		}
	}

	@Override
	protected EnumSet<FlowFlag> doGetFlags() {
		return FlowFlag.fromBits(this.flags);
	}

	@Override
	protected void doSetFlags(EnumSet<FlowFlag> flags) {
		int old = this.flags;
		int bits = FlowFlag.toBits(flags);
		this.flags = bits;
		boolean wasDown = (old & FlowFlag.DOWN.bits()) != 0;
		boolean isDown = (bits & FlowFlag.DOWN.bits()) != 0;
		if (wasDown != isDown) {
			this.rx.down(isDown);
			PacketRing tx = this.tx;
			if (tx != null) {
				tx.down(isDown);
			}
			EmbeddedFlow peer = this.peer;
			if (peer != null) {
				peer.post(isDown ? FlowEventType.DOWN : FlowEventType.UP);
			}
		}
	}

	@Override
	protected EnumSet<FrctFlag> doGetFrctFlags() {
		checkFrct();
		return FrctFlag.fromBits(this.frctFlags);
	}

	@Override
	protected void doSetFrctFlags(EnumSet<FrctFlag> flags) {
		checkFrct();
		this.frctFlags = FrctFlag.toBits(flags);
	}

	private void checkFrct() {
		if (!this.qos.inOrder()) {
			throw new FlowPermissionException("flow " + id() + " to '" + name()
					+ "' has no FRCT: allocate it with a QoS that has inOrder set to use FRCT flags", -1);
		}
	}

	@Override
	protected QosSpec doGetQos() {
		return this.qos;
	}

	QosSpec qosSpec() {
		return this.qos;
	}

	@Override
	protected int doGetQueueLength(boolean rx) {
		if (rx) {
			return this.rx.size();
		}
		PacketRing tx = this.tx;
		return (tx != null) ? tx.size() : 0;
	}

	int queuedPackets() {
		return this.rx.size();
	}

	// ---------------------------------------------------------------- close

	boolean closing() {
		return isClosing();
	}

	FlowNotAllocatedException notAllocatedException() {
		return notAllocated();
	}

	@Override
	protected void wakeWaiters() {
		this.rx.wakeAll();
		PacketRing tx = this.tx;
		if (tx != null) {
			tx.wakeAll();
		}
	}

	@Override
	protected void deallocate() {
		try {
			boolean crashed = this.process.crashed();
			if (!crashed) {
				// a crashed process tells nobody: its peer keeps writing into its ring (until it is full)
				// and learns of the crash from its peer timeout only, as upstream
				this.rx.readerGone();
			}
			if (this.group != null) {
				this.group.leave(this);
			}
			EmbeddedFlow peer = this.peer;
			PacketRing tx = this.tx;
			if (peer != null && tx != null && !crashed) {
				tx.writerGone();
				peer.post(FlowEventType.DEALLOC);
			}
		}
		finally {
			this.process.released(this);
		}
	}

	/** The peer's process died: after the QoS peer timeout this flow reports it. */
	void peerTimedOut() {
		if (!isAllocated()) {
			return;
		}
		this.rx.peerTimedOut();
		PacketRing tx = this.tx;
		if (tx != null) {
			tx.peerTimedOut();
		}
		post(FlowEventType.PEER);
	}

	@Nullable
	EmbeddedFlow peer() {
		return this.peer;
	}

}
