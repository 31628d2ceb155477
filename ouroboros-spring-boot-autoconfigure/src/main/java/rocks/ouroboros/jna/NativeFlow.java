package rocks.ouroboros.jna;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import org.jspecify.annotations.Nullable;

import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowFlag;
import rocks.ouroboros.flow.FlowPeerTimeoutException;
import rocks.ouroboros.flow.FlowRole;
import rocks.ouroboros.flow.FlowTimeoutException;
import rocks.ouroboros.flow.FlowWouldBlockException;
import rocks.ouroboros.flow.FrctFlag;
import rocks.ouroboros.flow.MessageTooLargeException;
import rocks.ouroboros.flow.QosSpec;

/**
 * A flow of real Ouroboros: a descriptor of {@code libouroboros-dev}.
 * <p>
 * Upstream never wakes a read that blocks without a timeout when the peer goes away, and a
 * close cannot interrupt native code. So the descriptor's own receive and send timeouts are kept
 * at a short {@link #SLICE} and blocking reads and writes loop over slices, checking between them
 * whether the flow is closing and whether the caller's timeout (kept here, in Java) ran out.
 * Reads honour their timeout exactly; writes to within one slice.
 * <p>
 * Reads copy through a native buffer owned by the reading thread, writes through one owned by the
 * writing thread; direct {@link ByteBuffer}s are passed to upstream without a copy when upstream
 * cannot cut a packet short in them (room for any packet, or {@link FlowFlag#READ_NO_PARTIAL}).
 * No read or write of a direct buffer allocates.
 */
final class NativeFlow extends Flow implements LibraryGate.Handle {

	/** The longest a native call blocks before the loop looks at close and the caller's timeout. */
	static final long SLICE = TimeUnit.MILLISECONDS.toNanos(200);

	/** Room for the largest packet upstream carries (1048260 bytes as root, less otherwise). */
	static final int MAX_PACKET = 1 << 20;

	/** Packets upstream's send ring holds ({@code SSM_RBUFF_SIZE} 1024 less the one slot a ring keeps free). */
	static final int TX_RING_PACKETS = 1023;

	/** Slots left for what the library writes itself on the flow: keepalives, FRCT acks and retransmissions. */
	static final int TX_RING_RESERVE = 64;

	private static final long ROOM_POLL_MIN = TimeUnit.MICROSECONDS.toNanos(20);

	private static final long ROOM_POLL_MAX = TimeUnit.MILLISECONDS.toNanos(2);

	private static final ThreadLocal<Memory[]> writeBuffers = ThreadLocal.withInitial(() -> new Memory[1]);

	/** Per reading thread: room for the largest packet, so that upstream never cuts one short. */
	private static final ThreadLocal<PacketBuffer> packetBuffers = ThreadLocal.withInitial(PacketBuffer::new);

	private final DevGeneration generation;

	private final int fd;

	private final QosSpec qos;

	/** The caller's read and write timeouts in nanoseconds; -1 for none. */
	private volatile long readTimeout = -1;

	private volatile long writeTimeout = -1;

	/** What the descriptor's receive timeout is set to now; touched by the reader only. */
	private long nativeReadTimeout = -1;

	/** The rest of a packet read in parts, and where the next part starts; the reader's only. */
	private byte @Nullable [] leftover;

	private int leftoverOffset;

	/** Whether the last read filled the buffer with the end of a packet: the next read returns 0. */
	private boolean donePart;

	/** The flags as last set, to know READ_NO_PARTIAL without a native call per read. */
	private volatile int flagBits = FlowFlag.toBits(FlowFlag.defaults());

	/** Packets that may still be written before the send ring is measured again; see {@link #awaitRoom}. */
	private final AtomicInteger txRoom = new AtomicInteger(TX_RING_PACKETS - TX_RING_RESERVE);

	private final ReentrantLock txRoomLock = new ReentrantLock();

	private volatile @Nullable BufferAddress lastRead;

	private volatile @Nullable BufferAddress lastWrite;

	/** For an FRCT flow: makes this JVM the only reader of its ring (see {@link FrctGuard}). */
	private final @Nullable FrctGuard frct;

	/**
	 * @param generation the library load the descriptor belongs to: the flow registers with it, so
	 * that the load is not unloaded while the flow is open
	 * @throws rocks.ouroboros.flow.OuroborosUnavailableException when that load is retired (the
	 * descriptor is freed with it)
	 */
	NativeFlow(NativeProcess process, DevGeneration generation, int fd, String name, FlowRole role, QosSpec qos,
			@Nullable FrctGuard frct) {
		super(process, fd, name, role);
		this.generation = generation;
		this.fd = fd;
		this.qos = qos;
		this.frct = frct;
		if (!generation.gate().register(this)) {
			throw generation.retiredFailure("set up flow " + fd + " to '" + name + "'");
		}
		generation.call("set up flow " + fd + " to '" + name + "'", () -> {
			setNativeTimeout(FccntlLibrary.FLOWSRCVTIMEO, SLICE);
			this.nativeReadTimeout = SLICE;
			setNativeTimeout(FccntlLibrary.FLOWSSNDTIMEO, SLICE);
			return null;
		});
	}

	int fd() {
		return this.fd;
	}

	@Nullable FrctGuard frct() {
		return this.frct;
	}

	// ---------------------------------------------------------------- reads

	@Override
	protected int doRead(byte[] buffer, int offset, int length) {
		if (this.leftover != null || this.donePart) {
			return readLeftover(length, buffer, offset, null);
		}
		Memory memory = packetBuffers.get().memory();
		int n = read(Pointer.nativeValue(memory), (int) memory.size());
		if (n <= 0) {
			return n;
		}
		memory.read(0, buffer, offset, Math.min(n, length));
		return partOf(memory, n, length);
	}

	@Override
	protected int doRead(ByteBuffer buffer) {
		int length = buffer.remaining();
		if (this.leftover != null || this.donePart) {
			return readLeftover(length, null, 0, buffer);
		}
		if (buffer.isDirect() && (length >= MAX_PACKET || noPartial())) {
			// upstream cannot cut a packet short here: it fits, or upstream refuses it whole (-EMSGSIZE)
			int n = read(address(buffer, true) + buffer.position(), length);
			if (n > 0) {
				buffer.position(buffer.position() + n);
			}
			return n;
		}
		PacketBuffer packet = packetBuffers.get();
		Memory memory = packet.memory();
		int n = read(Pointer.nativeValue(memory), (int) memory.size());
		if (n <= 0) {
			return n;
		}
		int copied = Math.min(n, length);
		if (buffer.hasArray()) {
			memory.read(0, buffer.array(), buffer.arrayOffset() + buffer.position(), copied);
		}
		else {
			buffer.put(buffer.position(), packet.view(), 0, copied);
		}
		buffer.position(buffer.position() + copied);
		return partOf(memory, n, length);
	}

	private boolean noPartial() {
		return (this.flagBits & FlowFlag.READ_NO_PARTIAL.bits()) != 0;
	}

	/**
	 * Keeps the rest of a packet of {@code n} bytes of which {@code copied} were read, as upstream's
	 * partial reads promise (0.23.0 itself loses the rest: it releases the whole packet after a
	 * partial read), or drops it with an exception when READ_NO_PARTIAL is set.
	 */
	private int partOf(Memory memory, int n, int length) {
		boolean noPartial = noPartial();
		if (n > length) {
			if (noPartial) {
				throw new MessageTooLargeException("The packet of " + n + " bytes on " + this + " is larger than the"
						+ " read buffer of " + length + " bytes and READ_NO_PARTIAL is set; it was dropped: read with a"
						+ " larger buffer", n, length);
			}
			this.leftover = memory.getByteArray(length, n - length);
			this.leftoverOffset = 0;
			return length;
		}
		this.donePart = !noPartial && n == length;
		return n;
	}

	private int readLeftover(int length, byte @Nullable [] array, int offset, @Nullable ByteBuffer buffer) {
		byte[] rest = this.leftover;
		if (rest == null) {
			// the packet was read exactly to the end of the buffer: upstream reports its end with a 0
			this.donePart = false;
			return 0;
		}
		int available = rest.length - this.leftoverOffset;
		int copied = Math.min(available, length);
		if (array != null) {
			System.arraycopy(rest, this.leftoverOffset, array, offset, copied);
		}
		else if (buffer != null) {
			buffer.put(rest, this.leftoverOffset, copied);
		}
		this.leftoverOffset += copied;
		if (this.leftoverOffset == rest.length) {
			this.leftover = null;
			this.donePart = copied == length && copied > 0;
		}
		return copied;
	}

	/** One thread's room for the largest packet, allocated on its first read that needs it. */
	private static final class PacketBuffer {

		private @Nullable Memory memory;

		private @Nullable ByteBuffer view;

		Memory memory() {
			Memory current = this.memory;
			if (current == null) {
				current = new Memory(MAX_PACKET);
				this.memory = current;
			}
			return current;
		}

		/** The memory as a direct buffer, to copy into other direct buffers without an allocation. */
		ByteBuffer view() {
			ByteBuffer current = this.view;
			if (current == null) {
				current = memory().getByteBuffer(0, MAX_PACKET);
				this.view = current;
			}
			return current;
		}

	}

	private int read(long address, int length) {
		if (Blocking.onVirtualThread()) {
			return Blocking.onPlatformThread(() -> readLoop(address, length));
		}
		return readLoop(address, length);
	}

	private int readLoop(long address, int length) {
		FrctGuard guard = this.frct;
		if (guard != null) {
			return frctReadLoop(guard, address, length);
		}
		long timeout = this.readTimeout;
		if (timeout >= 0 && timeout <= SLICE) {
			nativeReadTimeout(timeout);
			long n = DevLibrary.readPacket(this.fd, address, length);
			return readResult(n, timeout, length);
		}
		// the clock is read once per read, and again only after a slice ran out
		long deadline = (timeout < 0) ? 0 : System.nanoTime() + timeout;
		long slice = SLICE;
		while (true) {
			if (isClosing()) {
				throw notAllocated();
			}
			nativeReadTimeout(slice);
			long n = DevLibrary.readPacket(this.fd, address, length);
			if (n == -NativeErrors.ETIMEDOUT && timeout >= 0) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return readResult(n, timeout, length);
				}
				slice = Math.min(remaining, SLICE);
				continue;
			}
			if (n != -NativeErrors.ETIMEDOUT) {
				return readResult(n, timeout, length);
			}
		}
	}

	/**
	 * Reads an FRCT flow under its guard's lock. In its own set a read takes what is there and
	 * otherwise waits on the set ({@code fevent}), which also runs arrived packets through FRCT;
	 * in an application's set it reads in slices, the set's waits taking the same lock.
	 */
	private int frctReadLoop(FrctGuard guard, long address, int length) {
		long timeout = this.readTimeout;
		boolean nonBlocking = (this.flagBits & FlowFlag.READ_NONBLOCK.bits()) != 0;
		long deadline = (timeout < 0) ? Long.MAX_VALUE : System.nanoTime() + timeout;
		while (true) {
			if (isClosing()) {
				throw notAllocated();
			}
			long remaining = deadline - System.nanoTime();
			long slice = (timeout < 0 || remaining >= SLICE) ? SLICE : Math.max(remaining, 0);
			long n = -NativeErrors.ETIMEDOUT;
			boolean locked;
			try {
				locked = guard.lock().tryLock(Math.max(slice, 1), TimeUnit.NANOSECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new rocks.ouroboros.flow.FlowException("Interrupted while reading from " + this, ex);
			}
			if (locked) {
				try {
					if (guard.attached()) {
						nativeReadTimeout(0);
						n = DevLibrary.readPacket(this.fd, address, length);
						if (n == -NativeErrors.ETIMEDOUT && !nonBlocking && slice > 0) {
							guard.await(slice);
							n = DevLibrary.readPacket(this.fd, address, length);
						}
						else {
							guard.await(0);
						}
					}
					else {
						nativeReadTimeout(slice);
						n = DevLibrary.readPacket(this.fd, address, length);
					}
				}
				finally {
					guard.lock().unlock();
				}
			}
			if (n != -NativeErrors.ETIMEDOUT || (timeout >= 0 && System.nanoTime() - deadline >= 0)) {
				return readResult(n, timeout, length);
			}
		}
	}

	private int readResult(long n, long timeout, int length) {
		if (n >= 0) {
			return (int) n;
		}
		if (n == -NativeErrors.EAGAIN) {
			return -1;
		}
		if (isClosing()) {
			throw notAllocated();
		}
		if (n == -NativeErrors.ETIMEDOUT) {
			throw new FlowTimeoutException("No packet arrived on " + this + " within the read timeout of "
					+ Duration.ofNanos(timeout).toMillis() + " ms");
		}
		if (n == -NativeErrors.EMSGSIZE) {
			throw new MessageTooLargeException("The packet on " + this + " is larger than the read buffer of " + length
					+ " bytes and READ_NO_PARTIAL is set; it was dropped: read with a larger buffer", -1, length);
		}
		throw NativeErrors.toException(n, "read from " + this, name());
	}

	private void nativeReadTimeout(long nanos) {
		if (this.nativeReadTimeout != nanos) {
			setNativeTimeout(FccntlLibrary.FLOWSRCVTIMEO, nanos);
			this.nativeReadTimeout = nanos;
		}
	}

	// ---------------------------------------------------------------- writes

	@Override
	protected void doWrite(byte[] buffer, int offset, int length) {
		checkSize(length);
		Memory[] holder = writeBuffers.get();
		Memory memory = holder[0];
		if (memory == null || memory.size() < Math.max(length, 1)) {
			memory = new Memory(Math.max(Integer.highestOneBit(Math.max(length, 1)) << 1, 2048));
			holder[0] = memory;
		}
		if (length > 0) {
			memory.write(0, buffer, offset, length);
		}
		write(Pointer.nativeValue(memory), length);
	}

	@Override
	protected void doWrite(ByteBuffer buffer) {
		int length = buffer.remaining();
		if (buffer.isDirect()) {
			checkSize(length);
			write(address(buffer, false) + buffer.position(), length);
			buffer.position(buffer.limit());
			return;
		}
		if (buffer.hasArray()) {
			doWrite(buffer.array(), buffer.arrayOffset() + buffer.position(), length);
			buffer.position(buffer.limit());
			return;
		}
		byte[] copy = new byte[length];
		buffer.get(buffer.position(), copy);
		doWrite(copy, 0, length);
		// only a packet that went out consumes the buffer, so that a failed write can be retried
		buffer.position(buffer.limit());
	}

	private void checkSize(int length) {
		if (length > MAX_PACKET) {
			throw new MessageTooLargeException("A packet of " + length + " bytes does not fit in a flow: Ouroboros"
					+ " carries at most about 1 MiB per packet (256 KiB outside the 'ouroboros' group); split it",
					length, -1);
		}
	}

	private void write(long address, int length) {
		if (Blocking.onVirtualThread()) {
			Blocking.onPlatformThread(() -> {
				writeLoop(address, length);
				return null;
			});
			return;
		}
		writeLoop(address, length);
	}

	private void writeLoop(long address, int length) {
		long timeout = this.writeTimeout;
		long deadline = (timeout < 0) ? Long.MAX_VALUE : System.nanoTime() + timeout;
		FrctGuard guard = this.frct;
		awaitRoom(timeout, deadline);
		while (true) {
			if (guard != null) {
				// acknowledgements and window updates wait in the ring: run them through FRCT
				guard.drain();
			}
			long n = DevLibrary.writePacket(this.fd, address, length);
			if (n >= 0) {
				return;
			}
			if (isClosing()) {
				throw notAllocated();
			}
			if (n == -NativeErrors.ETIMEDOUT) {
				if (timeout >= 0 && System.nanoTime() - deadline >= 0) {
					throw new FlowTimeoutException("No room on " + this + " within the write timeout of "
							+ Duration.ofNanos(timeout).toMillis() + " ms; the packet was not sent");
				}
				continue;
			}
			if (n == -NativeErrors.EMSGSIZE) {
				throw new MessageTooLargeException("A packet of " + length + " bytes is larger than " + this
						+ " carries (" + NativeErrors.describe(n) + "): write smaller packets", length, -1);
			}
			throw NativeErrors.toException(n, "write to " + this, name());
		}
	}

	/**
	 * Returns once the send ring has room for one more packet. Upstream 0.23.0 frees a packet and
	 * still reports it written when the ring stays full for the send timeout, or at once when the
	 * write is non-blocking ({@code flow_tx_spb} ignores the ring's error), so a packet is only
	 * handed to {@code flow_write} when there is room. The room is counted down per write and
	 * measured again ({@code FLOWGTXQLEN}) only when the count runs out: one native call per several
	 * hundred packets while the peer keeps up. A full ring makes a non-blocking write throw
	 * {@link FlowWouldBlockException}, a blocking one wait for the peer within its write timeout; a
	 * ring the peer has not read from for its QoS peer timeout means the peer is gone.
	 */
	private void awaitRoom(long timeout, long deadline) {
		if (this.txRoom.getAndDecrement() > 0) {
			return;
		}
		this.txRoomLock.lock();
		try {
			if (this.txRoom.getAndDecrement() > 0) {
				return;
			}
			long pause = ROOM_POLL_MIN;
			int lastQueued = -1;
			long lastProgress = System.nanoTime();
			while (true) {
				if (isClosing()) {
					throw notAllocated();
				}
				int queued = doGetQueueLength(false);
				int room = TX_RING_PACKETS - TX_RING_RESERVE - queued;
				if (room > 0) {
					this.txRoom.set(room - 1);
					return;
				}
				long now = System.nanoTime();
				if ((this.flagBits & FlowFlag.WRITE_NONBLOCK.bits()) != 0) {
					throw new FlowWouldBlockException("The send ring of " + this + " is full (" + queued
							+ " packets the peer has not read yet); the packet was not sent: write again later");
				}
				if (timeout >= 0 && now - deadline >= 0) {
					throw new FlowTimeoutException("No room on " + this + " within the write timeout of "
							+ Duration.ofNanos(timeout).toMillis() + " ms: the peer has not read the " + queued
							+ " packets queued; the packet was not sent");
				}
				if (queued != lastQueued) {
					lastQueued = queued;
					lastProgress = now;
				}
				else if (this.qos.timeoutMillis() > 0
						&& now - lastProgress > TimeUnit.MILLISECONDS.toNanos(this.qos.timeoutMillis())) {
					throw new FlowPeerTimeoutException("The peer of " + this + " read none of the " + queued
							+ " packets queued for " + this.qos.timeoutMillis() + " ms (the QoS peer timeout):"
							+ " presumed gone; the packet was not sent");
				}
				LockSupport.parkNanos(Math.min(pause, Math.max(1, deadline - now)));
				pause = Math.min(pause * 2, ROOM_POLL_MAX);
			}
		}
		finally {
			this.txRoomLock.unlock();
		}
	}

	/** The address of a direct buffer, remembered for the last buffer used to spare an allocation. */
	private long address(ByteBuffer buffer, boolean read) {
		BufferAddress last = read ? this.lastRead : this.lastWrite;
		if (last != null && last.buffer() == buffer) {
			return last.address();
		}
		long address = Pointer.nativeValue(Native.getDirectBufferPointer(buffer));
		BufferAddress current = new BufferAddress(buffer, address);
		if (read) {
			this.lastRead = current;
		}
		else {
			this.lastWrite = current;
		}
		return address;
	}

	private record BufferAddress(ByteBuffer buffer, long address) {
	}

	// ---------------------------------------------------------------- settings

	@Override
	protected @Nullable Duration doGetTimeout(boolean read) {
		long nanos = read ? this.readTimeout : this.writeTimeout;
		return (nanos < 0) ? null : Duration.ofNanos(nanos);
	}

	@Override
	protected void doSetTimeout(boolean read, @Nullable Duration timeout) {
		long nanos = Scratch.nanos(timeout);
		if (read) {
			this.readTimeout = nanos;
		}
		else {
			this.writeTimeout = nanos;
			setNativeTimeout(FccntlLibrary.FLOWSSNDTIMEO, (nanos >= 0 && nanos < SLICE) ? nanos : SLICE);
		}
	}

	@Override
	protected EnumSet<FlowFlag> doGetFlags() {
		Scratch scratch = Scratch.get();
		fccntl(FccntlLibrary.FLOWGFLAGS, "get the flags of", scratch.out());
		return FlowFlag.fromBits(scratch.outInt());
	}

	@Override
	protected void doSetFlags(EnumSet<FlowFlag> flags) {
		int bits = FlowFlag.toBits(flags);
		fccntl(FccntlLibrary.FLOWSFLAGS, "set the flags of", bits);
		this.flagBits = bits;
	}

	@Override
	protected EnumSet<FrctFlag> doGetFrctFlags() {
		Scratch scratch = Scratch.get();
		fccntl(FccntlLibrary.FRCTGFLAGS, "get the FRCT flags of", scratch.out());
		return FrctFlag.fromBits(scratch.outShort());
	}

	@Override
	protected void doSetFrctFlags(EnumSet<FrctFlag> flags) {
		fccntl(FccntlLibrary.FRCTSFLAGS, "set the FRCT flags of", FrctFlag.toBits(flags));
	}

	@Override
	protected QosSpec doGetQos() {
		return this.qos;
	}

	@Override
	protected int doGetQueueLength(boolean rx) {
		Scratch scratch = Scratch.get();
		int command = rx ? FccntlLibrary.FLOWGRXQLEN : FccntlLibrary.FLOWGTXQLEN;
		check(command, "get the queue length of",
				DevLibrary.controlOut(this.generation.fccntl(), this.fd, command, scratch.out()));
		return (int) Math.min(scratch.outLong(), Integer.MAX_VALUE);
	}

	private void setNativeTimeout(int command, long nanos) {
		fccntl(command, "set the timeout of", Scratch.get().timespecPointer(nanos));
	}

	private void fccntl(int command, String what, Object argument) {
		check(command, what, this.generation.fccntl().fccntl(this.fd, command, argument));
	}

	private void check(int command, String what, int result) {
		if (result < 0) {
			if (result == -NativeErrors.EPERM && (command == FccntlLibrary.FRCTGFLAGS
					|| command == FccntlLibrary.FRCTSFLAGS)) {
				throw new rocks.ouroboros.flow.FlowPermissionException(this + " has no FRCT: only flows whose QoS"
						+ " asks for in-order delivery have FRCT flags", result);
			}
			throw NativeErrors.toException(result, what + " " + this, name());
		}
	}

	// ---------------------------------------------------------------- close

	@Override
	protected void wakeWaiters() {
		// calls in progress see isClosing() within one SLICE: native calls cannot be interrupted
	}

	@Override
	protected void deallocate() {
		try {
			if (!this.generation.gate().isRetired()) {
				this.generation.reaper().deallocate(this.fd, toString(), this.frct);
			}
		}
		finally {
			this.generation.gate().release(this);
		}
	}

	/** irmd went away: closes the flow; unloading the library frees the descriptor. */
	@Override
	public void retire() {
		closeBecause("irmd went away and " + this.generation + " of libouroboros-dev is being unloaded with every"
				+ " flow of it; allocate or accept a new flow once irmd is back");
	}

}
