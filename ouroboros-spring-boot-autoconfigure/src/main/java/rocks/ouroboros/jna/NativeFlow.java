package rocks.ouroboros.jna;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import org.jspecify.annotations.Nullable;

import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowException;
import rocks.ouroboros.flow.FlowFlag;
import rocks.ouroboros.flow.FlowRole;
import rocks.ouroboros.flow.FlowTimeoutException;
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
 * Reads copy through a native buffer owned by the flow (one reader at a time), writes through one
 * owned by the writing thread; direct {@link ByteBuffer}s are passed to upstream without a copy.
 */
final class NativeFlow extends Flow {

	/** The longest a native call blocks before the loop looks at close and the caller's timeout. */
	static final long SLICE = TimeUnit.MILLISECONDS.toNanos(200);

	/** The largest packet the backend copies; upstream carries at most about 1 MiB. */
	static final int MAX_PACKET = 4 << 20;

	/** How long close waits for {@code flow_dealloc} before leaving it to a background thread. */
	static final Duration DEALLOC_WAIT = Duration.ofSeconds(2);

	private static final System.Logger logger = System.getLogger(NativeFlow.class.getName());

	private static final ThreadLocal<Memory[]> writeBuffers = ThreadLocal.withInitial(() -> new Memory[1]);

	private final NativeProcess process;

	private final int fd;

	private final QosSpec qos;

	/** The caller's read and write timeouts in nanoseconds; -1 for none. */
	private volatile long readTimeout = -1;

	private volatile long writeTimeout = -1;

	/** What the descriptor's receive timeout is set to now; touched by the reader only. */
	private long nativeReadTimeout = -1;

	private @Nullable Memory readBuffer;

	private volatile @Nullable BufferAddress lastRead;

	private volatile @Nullable BufferAddress lastWrite;

	NativeFlow(NativeProcess process, int fd, String name, FlowRole role, QosSpec qos) {
		super(process, fd, name, role);
		this.process = process;
		this.fd = fd;
		this.qos = qos;
		setNativeTimeout(FccntlLibrary.FLOWSRCVTIMEO, SLICE);
		this.nativeReadTimeout = SLICE;
		setNativeTimeout(FccntlLibrary.FLOWSSNDTIMEO, SLICE);
	}

	int fd() {
		return this.fd;
	}

	// ---------------------------------------------------------------- reads

	@Override
	protected int doRead(byte[] buffer, int offset, int length) {
		Memory memory = readBuffer(length);
		int n = read(Pointer.nativeValue(memory), Math.min(length, MAX_PACKET));
		if (n > 0) {
			memory.read(0, buffer, offset, n);
		}
		return n;
	}

	@Override
	protected int doRead(ByteBuffer buffer) {
		int length = buffer.remaining();
		if (buffer.isDirect()) {
			int n = read(address(buffer, true) + buffer.position(), length);
			if (n > 0) {
				buffer.position(buffer.position() + n);
			}
			return n;
		}
		Memory memory = readBuffer(length);
		int n = read(Pointer.nativeValue(memory), Math.min(length, MAX_PACKET));
		if (n > 0) {
			if (buffer.hasArray()) {
				memory.read(0, buffer.array(), buffer.arrayOffset() + buffer.position(), n);
				buffer.position(buffer.position() + n);
			}
			else {
				buffer.put(memory.getByteArray(0, n));
			}
		}
		return n;
	}

	private int read(long address, int length) {
		if (Blocking.onVirtualThread()) {
			return Blocking.onPlatformThread(() -> readLoop(address, length));
		}
		return readLoop(address, length);
	}

	private int readLoop(long address, int length) {
		long timeout = this.readTimeout;
		if (timeout >= 0 && timeout <= SLICE) {
			nativeReadTimeout(timeout);
			long n = DevLibrary.flow_read(this.fd, address, length);
			return readResult(n, timeout);
		}
		long deadline = (timeout < 0) ? Long.MAX_VALUE : System.nanoTime() + timeout;
		while (true) {
			if (isClosing()) {
				throw notAllocated();
			}
			long remaining = deadline - System.nanoTime();
			nativeReadTimeout((timeout < 0 || remaining >= SLICE) ? SLICE : Math.max(remaining, 0));
			long n = DevLibrary.flow_read(this.fd, address, length);
			if (n != -NativeErrors.ETIMEDOUT || (timeout >= 0 && System.nanoTime() - deadline >= 0)) {
				return readResult(n, timeout);
			}
		}
	}

	private int readResult(long n, long timeout) {
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
			throw new MessageTooLargeException("The packet on " + this + " is larger than the read buffer and"
					+ " READ_NO_PARTIAL is set; upstream dropped it: read with a larger buffer", -1, -1);
		}
		throw NativeErrors.toException(n, "read from " + this, name());
	}

	private void nativeReadTimeout(long nanos) {
		if (this.nativeReadTimeout != nanos) {
			setNativeTimeout(FccntlLibrary.FLOWSRCVTIMEO, nanos);
			this.nativeReadTimeout = nanos;
		}
	}

	private Memory readBuffer(int length) {
		int size = Math.max(Math.min(length, MAX_PACKET), 1);
		Memory memory = this.readBuffer;
		if (memory == null || memory.size() < size) {
			memory = new Memory(Math.max(size, 2048));
			this.readBuffer = memory;
		}
		return memory;
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
		while (true) {
			long n = DevLibrary.flow_write(this.fd, address, length);
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
		fccntl(FccntlLibrary.FLOWSFLAGS, "set the flags of", FlowFlag.toBits(flags));
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
		fccntl(rx ? FccntlLibrary.FLOWGRXQLEN : FccntlLibrary.FLOWGTXQLEN, "get the queue length of", scratch.out());
		return (int) Math.min(scratch.outLong(), Integer.MAX_VALUE);
	}

	private void setNativeTimeout(int command, long nanos) {
		fccntl(command, "set the timeout of", Scratch.get().timespecPointer(nanos));
	}

	private void fccntl(int command, String what, Object argument) {
		int result = this.process.runtime().fccntl().fccntl(this.fd, command, argument);
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
		String what = toString();
		int descriptor = this.fd;
		var done = Blocking.inBackground(() -> {
			int result = DevLibrary.flow_dealloc(descriptor);
			if (result < 0 && result != -NativeErrors.ENOTALLOC) {
				logger.log(Level.DEBUG, () -> "flow_dealloc(" + descriptor + ") of " + what + " returned "
						+ NativeErrors.describe(result));
			}
		});
		try {
			done.get(DEALLOC_WAIT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			logger.log(Level.WARNING, "flow_dealloc(" + descriptor + ") of " + what + " has not returned after "
					+ DEALLOC_WAIT.toMillis() + " ms (upstream waits while a dead peer left packets unread);"
					+ " it goes on in a background thread and the descriptor stays taken until it returns");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw new FlowException("flow_dealloc(" + descriptor + ") of " + what + " failed", ex.getCause());
		}
	}

}
