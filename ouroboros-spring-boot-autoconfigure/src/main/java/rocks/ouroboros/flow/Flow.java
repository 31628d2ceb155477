package rocks.ouroboros.flow;

import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * An allocated flow: packets (not a byte stream) to and from one peer, or to every other member
 * of a broadcast layer. {@link #close()} deallocates it; closing twice is harmless.
 * <p>
 * A {@code Flow} object is the only handle of its flow: once closed, every call fails with
 * {@link FlowNotAllocatedException} and nothing it does can reach a newer flow, even one that got
 * the same descriptor. A close that races with calls in progress wakes them, and the descriptor is
 * released only when the last of them has returned.
 * <p>
 * One thread at a time should read a flow; writes may come from any thread.
 * <p>
 * Backends extend this class and implement the protected primitives; the public methods check
 * arguments, guard the handle and notify observers.
 */
public abstract class Flow implements AutoCloseable {

	/** The default buffer of {@link #readLine()}, as pyOuroboros's {@code readline}. */
	public static final int DEFAULT_LINE_BYTES = 2048;

	private static final System.Logger logger = System.getLogger(Flow.class.getName());

	private static final int CLOSED = 0x8000_0000;

	private static final VarHandle STATE;

	static {
		try {
			STATE = MethodHandles.lookup().findVarHandle(Flow.class, "state", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/** The count of calls in progress, with {@link #CLOSED} set once closed; through {@link #STATE}. */
	@SuppressWarnings("unused")
	private volatile int state;

	private final Ouroboros owner;

	private final int id;

	private final String name;

	private final FlowRole role;

	/** Stands for the tracker once the flow is released: trackers added later are told at once. */
	private static final FlowTracker RELEASED = new FlowTracker() {
	};

	private volatile FlowTracker tracker = FlowTracker.NONE;

	/** Guards {@link #tracker} changes so that no tracker misses {@link FlowTracker#flowClosed()}. */
	private final ReentrantLock trackerLock = new ReentrantLock();

	private volatile @Nullable FlowSet flowSet;

	/** Why the flow was closed when not by the application (see {@link #closeBecause}). */
	private volatile @Nullable String closedBecause;

	/**
	 * @param owner the instance the flow belongs to
	 * @param id the descriptor (for messages and logs; never used to find the flow)
	 * @param name the name allocated to, the layer joined, or the name accepted on where known
	 * @param role which side this process is on
	 */
	protected Flow(Ouroboros owner, int id, String name, FlowRole role) {
		this.owner = Objects.requireNonNull(owner, "owner");
		this.id = id;
		this.name = Objects.requireNonNull(name, "name");
		this.role = Objects.requireNonNull(role, "role");
	}

	// ---------------------------------------------------------------- identity

	/** The descriptor of the flow, for logs; it may be reused by a newer flow once this one is closed. */
	public final int id() {
		return this.id;
	}

	/**
	 * The name this flow was allocated to, the layer it joined, or for an accepted flow the name it
	 * was accepted on: known on the embedded backend; on the native backend the name this process
	 * is bound to when it is bound to one name only, else {@code "*"}.
	 */
	public final String name() {
		return this.name;
	}

	/** Which side of the flow this process is on. */
	public final FlowRole role() {
		return this.role;
	}

	/** The instance this flow belongs to. */
	public final Ouroboros owner() {
		return this.owner;
	}

	/** Whether the flow is still allocated: not closed by this process. */
	public final boolean isAllocated() {
		return this.state >= 0;
	}

	// ---------------------------------------------------------------- reads

	/**
	 * Reads one packet, or the next part of one, into {@code buffer}.
	 * @return the number of bytes read, or -1 when the flow is non-blocking and no packet waits
	 * @see #read(byte[], int, int)
	 */
	public final int read(byte[] buffer) {
		Objects.requireNonNull(buffer, "buffer");
		return read(buffer, 0, buffer.length);
	}

	/**
	 * Reads one packet into {@code buffer[offset..offset+length)}, waiting up to the
	 * {@link #readTimeout() read timeout}. A packet larger than {@code length} is read in parts by
	 * successive reads (upstream 0.23.0 would drop the rest; both backends keep it), unless
	 * {@link FlowFlag#READ_NO_PARTIAL} is set, which drops it with {@link MessageTooLargeException}.
	 * As upstream, a read that ends a packet exactly at the end of the buffer is followed by a read
	 * that returns 0, marking the packet's end (not with {@code READ_NO_PARTIAL}: packets are then
	 * read whole); packets are never empty, so 0 is always that mark.
	 * @return the number of bytes read, or -1 when the flow is non-blocking and no packet waits
	 * @throws FlowTimeoutException when no packet came within the read timeout
	 * @throws FlowDownException when the peer deallocated and every packet was read
	 * @throws FlowPeerTimeoutException when the peer stopped answering
	 * @throws FlowNotAllocatedException when this flow is closed (also while the read waits)
	 */
	public final int read(byte[] buffer, int offset, int length) {
		Objects.requireNonNull(buffer, "buffer");
		Objects.checkFromIndexSize(offset, length, buffer.length);
		enter();
		try {
			int n = doRead(buffer, offset, length);
			if (n >= 0) {
				this.tracker.packetRead(n);
			}
			return n;
		}
		finally {
			exit();
		}
	}

	/**
	 * Reads one packet, or the next part of one, into the remaining space of {@code buffer},
	 * advancing its position. Direct buffers are read without a copy on the native backend.
	 * @return the number of bytes read, or -1 when the flow is non-blocking and no packet waits
	 * @see #read(byte[], int, int)
	 */
	public final int read(ByteBuffer buffer) {
		Objects.requireNonNull(buffer, "buffer");
		if (buffer.isReadOnly()) {
			throw new IllegalArgumentException("cannot read into a read-only ByteBuffer");
		}
		enter();
		try {
			int n = doRead(buffer);
			if (n >= 0) {
				this.tracker.packetRead(n);
			}
			return n;
		}
		finally {
			exit();
		}
	}

	/**
	 * Reads one packet of at most {@code count} bytes, or the next part of a longer one. Unlike the
	 * buffer reads, it never returns the end mark of a packet that filled the last read: it skips
	 * it.
	 * @return the bytes read, or {@code null} when the flow is non-blocking and no packet waits
	 * @see #read(byte[], int, int)
	 */
	public final byte @Nullable [] read(int count) {
		if (count < 0) {
			throw new IllegalArgumentException("count must not be negative, was " + count);
		}
		byte[] buffer = new byte[count];
		int n = read(buffer, 0, count);
		if (n == 0 && count > 0) {
			n = read(buffer, 0, count); // the end mark of the last packet: read the next one
		}
		if (n < 0) {
			return null;
		}
		return (n == count) ? buffer : Arrays.copyOf(buffer, n);
	}

	/**
	 * Reads one packet of at most {@value #DEFAULT_LINE_BYTES} bytes as a line of UTF-8 text.
	 * @see #readLine(int)
	 */
	public final @Nullable String readLine() {
		return readLine(DEFAULT_LINE_BYTES);
	}

	/**
	 * Reads one packet of at most {@code maxBytes} bytes (or the next part of a longer one) as a
	 * line of UTF-8 text, as {@link #read(int)} reads. Trailing NUL bytes (C tools such as
	 * {@code oecho} send them) and one trailing line break are removed.
	 * @return the line, or {@code null} when the flow is non-blocking and no packet waits
	 */
	public final @Nullable String readLine(int maxBytes) {
		if (maxBytes <= 0) {
			throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
		}
		byte[] packet = read(maxBytes);
		return (packet != null) ? Lines.decode(packet) : null;
	}

	// ---------------------------------------------------------------- writes

	/**
	 * Writes {@code buffer} as one packet.
	 * @return the number of bytes written
	 * @see #write(byte[], int, int)
	 */
	public final int write(byte[] buffer) {
		Objects.requireNonNull(buffer, "buffer");
		return write(buffer, 0, buffer.length);
	}

	/**
	 * Writes the first {@code count} bytes of {@code buffer} as one packet.
	 * @return the number of bytes written
	 * @see #write(byte[], int, int)
	 */
	public final int write(byte[] buffer, int count) {
		Objects.requireNonNull(buffer, "buffer");
		return write(buffer, 0, count);
	}

	/**
	 * Writes {@code buffer[offset..offset+length)} as one packet. Blocks while the peer has no
	 * room, up to the {@link #writeTimeout() write timeout}. A write of zero bytes sends nothing,
	 * as upstream, which keeps empty packets for keepalives.
	 * @return the number of bytes written: {@code length}
	 * @throws MessageTooLargeException when the packet is larger than the layer carries
	 * @throws FlowWouldBlockException when the flow is non-blocking and there is no room
	 * @throws FlowTimeoutException when there was no room within the write timeout
	 * @throws FlowPermissionException when the flow is read-only
	 * @throws FlowDownException when the flow is down
	 * @throws FlowNotAllocatedException when this flow is closed
	 */
	public final int write(byte[] buffer, int offset, int length) {
		Objects.requireNonNull(buffer, "buffer");
		Objects.checkFromIndexSize(offset, length, buffer.length);
		enter();
		try {
			doWrite(buffer, offset, length);
			this.tracker.packetWritten(length);
			return length;
		}
		finally {
			exit();
		}
	}

	/**
	 * Writes the remaining bytes of {@code buffer} as one packet and advances its position to its
	 * limit. A write that fails leaves the position where it was, so the same buffer can be written
	 * again (after a {@link FlowWouldBlockException}, for example). Direct buffers are written
	 * without a copy on the native backend.
	 * @return the number of bytes written
	 * @see #write(byte[], int, int)
	 */
	public final int write(ByteBuffer buffer) {
		Objects.requireNonNull(buffer, "buffer");
		int length = buffer.remaining();
		enter();
		try {
			doWrite(buffer);
			this.tracker.packetWritten(length);
			return length;
		}
		finally {
			exit();
		}
	}

	/**
	 * Writes {@code line} as one packet of UTF-8 text, without a line break.
	 * @return the number of bytes written
	 */
	public final int writeLine(String line) {
		Objects.requireNonNull(line, "line");
		return write(line.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Writes at most {@code maxBytes} bytes of {@code line} as one packet of UTF-8 text: a longer
	 * line is cut at the last whole character that fits, as pyOuroboros's {@code writeline} cuts
	 * at {@code count}.
	 * @return the number of bytes written
	 */
	public final int writeLine(String line, int maxBytes) {
		Objects.requireNonNull(line, "line");
		if (maxBytes < 0) {
			throw new IllegalArgumentException("maxBytes must not be negative, was " + maxBytes);
		}
		byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
		int length = Math.min(bytes.length, maxBytes);
		if (length < bytes.length) {
			while (length > 0 && (bytes[length] & 0xC0) == 0x80) {
				length--;
			}
		}
		return write(bytes, 0, length);
	}

	// ---------------------------------------------------------------- settings

	/** The read timeout; empty when reads wait without limit. */
	public final Optional<Duration> readTimeout() {
		enter();
		try {
			return Optional.ofNullable(doGetTimeout(true));
		}
		finally {
			exit();
		}
	}

	/**
	 * Sets how long reads wait for a packet.
	 * @param timeout the timeout, {@link Duration#ZERO} not to wait, {@code null} for no limit
	 */
	public final void setReadTimeout(@Nullable Duration timeout) {
		Names.requireValidTimeout(timeout, "read timeout");
		enter();
		try {
			doSetTimeout(true, timeout);
		}
		finally {
			exit();
		}
	}

	/** The write timeout; empty when writes wait without limit. */
	public final Optional<Duration> writeTimeout() {
		enter();
		try {
			return Optional.ofNullable(doGetTimeout(false));
		}
		finally {
			exit();
		}
	}

	/**
	 * Sets how long writes wait for room.
	 * @param timeout the timeout, {@link Duration#ZERO} not to wait, {@code null} for no limit
	 */
	public final void setWriteTimeout(@Nullable Duration timeout) {
		Names.requireValidTimeout(timeout, "write timeout");
		enter();
		try {
			doSetTimeout(false, timeout);
		}
		finally {
			exit();
		}
	}

	/** The flags in effect: always one access mode, and any others. */
	public final Set<FlowFlag> flags() {
		enter();
		try {
			return Collections.unmodifiableSet(doGetFlags());
		}
		finally {
			exit();
		}
	}

	/**
	 * Replaces the flags. A set without an access mode keeps the current one (upstream would drop
	 * it and make the flow read-only); a set with two access modes is rejected.
	 */
	public final void setFlags(Set<FlowFlag> flags) {
		Objects.requireNonNull(flags, "flags");
		EnumSet<FlowFlag> wanted = flags.isEmpty() ? EnumSet.noneOf(FlowFlag.class) : EnumSet.copyOf(flags);
		long modes = wanted.stream().filter(FlowFlag::isAccessMode).count();
		if (modes > 1) {
			throw new IllegalArgumentException("flags hold " + modes
					+ " access modes; a flow has one of READ_ONLY, WRITE_ONLY, READ_WRITE");
		}
		enter();
		try {
			if (modes == 0) {
				doGetFlags().stream().filter(FlowFlag::isAccessMode).forEach(wanted::add);
			}
			doSetFlags(wanted);
		}
		finally {
			exit();
		}
	}

	/** Makes reads and writes non-blocking, or blocking again, keeping the other flags. */
	public final void setNonBlocking(boolean nonBlocking) {
		EnumSet<FlowFlag> flags = EnumSet.copyOf(flags());
		if (nonBlocking) {
			flags.add(FlowFlag.READ_NONBLOCK);
			flags.add(FlowFlag.WRITE_NONBLOCK);
		}
		else {
			flags.remove(FlowFlag.READ_NONBLOCK);
			flags.remove(FlowFlag.WRITE_NONBLOCK);
		}
		setFlags(flags);
	}

	/**
	 * The FRCT flags of a flow whose QoS turned FRCT on.
	 * @throws FlowPermissionException when the flow has no FRCT
	 */
	public final Set<FrctFlag> frctFlags() {
		enter();
		try {
			return Collections.unmodifiableSet(doGetFrctFlags());
		}
		finally {
			exit();
		}
	}

	/**
	 * Replaces the FRCT flags; FRCT flags can only be cleared, so {@code flags} must be a subset of
	 * {@link #frctFlags()}.
	 * @throws FlowPermissionException when the flow has no FRCT
	 */
	public final void setFrctFlags(Set<FrctFlag> flags) {
		Objects.requireNonNull(flags, "flags");
		enter();
		try {
			Set<FrctFlag> current = doGetFrctFlags();
			if (!current.containsAll(flags)) {
				throw new IllegalArgumentException("FRCT flags can only be cleared: " + current
						+ " are set, and " + flags + " would add some");
			}
			doSetFrctFlags(flags.isEmpty() ? EnumSet.noneOf(FrctFlag.class) : EnumSet.copyOf(flags));
		}
		finally {
			exit();
		}
	}

	/** The QoS the flow was allocated with. */
	public final QosSpec qos() {
		enter();
		try {
			return doGetQos();
		}
		finally {
			exit();
		}
	}

	/** Packets received and not yet read. */
	public final int rxQueueLength() {
		enter();
		try {
			return doGetQueueLength(true);
		}
		finally {
			exit();
		}
	}

	/** Packets written and not yet taken by the peer (or the layer below). */
	public final int txQueueLength() {
		enter();
		try {
			return doGetQueueLength(false);
		}
		finally {
			exit();
		}
	}

	// ---------------------------------------------------------------- close

	/** Deallocates the flow, as pyOuroboros's {@code dealloc}; same as {@link #close()}. */
	public final void dealloc() {
		close();
	}

	/**
	 * Deallocates the flow: calls waiting on it are woken with {@link FlowNotAllocatedException}
	 * and later calls fail the same way. Packets already written stay readable by the peer on the embedded backend; upstream drops what the peer has not read yet.
	 * Closing again does nothing.
	 */
	@Override
	public final void close() {
		int s;
		do {
			s = this.state;
			if (s < 0) {
				return;
			}
		}
		while (!STATE.compareAndSet(this, s, s | CLOSED));
		this.owner.forget(this);
		try {
			wakeWaiters();
		}
		finally {
			if (s == 0) {
				release();
			}
		}
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[id=" + this.id + ", name=" + this.name + ", role=" + this.role
				+ (isAllocated() ? "" : ", closed") + "]";
	}

	// ---------------------------------------------------------------- for backends

	/**
	 * Whether {@link #close()} has been called; backends that wait in slices check it between
	 * slices and throw {@link #notAllocated()}.
	 */
	protected final boolean isClosing() {
		return this.state < 0;
	}

	/** The exception for a call on a closed flow. */
	protected final FlowNotAllocatedException notAllocated() {
		String reason = this.closedBecause;
		if (reason != null) {
			return new FlowNotAllocatedException("flow " + this.id + " to '" + this.name + "' is deallocated: "
					+ reason);
		}
		return new FlowNotAllocatedException("flow " + this.id + " to '" + this.name
				+ "' is deallocated: it was closed by this process; allocate a new flow");
	}

	/**
	 * Closes the flow as {@link #close()} does, for a reason the application did not choose (the
	 * backend lost what the flow ran on); later calls fail with {@link FlowNotAllocatedException}
	 * giving {@code reason}.
	 */
	protected final void closeBecause(String reason) {
		if (this.state >= 0 && this.closedBecause == null) {
			this.closedBecause = Objects.requireNonNull(reason, "reason");
		}
		close();
	}

	/** Reads into an array range; -1 when non-blocking and empty. */
	protected abstract int doRead(byte[] buffer, int offset, int length);

	/** Reads into the buffer's remaining space, advancing its position; -1 when non-blocking and empty. */
	protected abstract int doRead(ByteBuffer buffer);

	/** Writes an array range as one packet. */
	protected abstract void doWrite(byte[] buffer, int offset, int length);

	/** Writes the buffer's remaining bytes as one packet, advancing its position to its limit. */
	protected abstract void doWrite(ByteBuffer buffer);

	/** The read ({@code true}) or write timeout; {@code null} for none. */
	protected abstract @Nullable Duration doGetTimeout(boolean read);

	/** Sets the read ({@code true}) or write timeout; {@code null} for none. */
	protected abstract void doSetTimeout(boolean read, @Nullable Duration timeout);

	/** The current flags, with exactly one access mode; a fresh set the caller may change. */
	protected abstract EnumSet<FlowFlag> doGetFlags();

	/** Replaces the flags with {@code flags}, which hold exactly one access mode. */
	protected abstract void doSetFlags(EnumSet<FlowFlag> flags);

	/** The FRCT flags; {@link FlowPermissionException} without FRCT. */
	protected abstract EnumSet<FrctFlag> doGetFrctFlags();

	/** Sets the FRCT flags to a subset of the current ones. */
	protected abstract void doSetFrctFlags(EnumSet<FrctFlag> flags);

	/** The QoS of the flow. */
	protected abstract QosSpec doGetQos();

	/** The receive ({@code true}) or send queue length in packets. */
	protected abstract int doGetQueueLength(boolean rx);

	/**
	 * Wakes calls waiting in this flow so that they see {@link #isClosing()}; called once by
	 * {@link #close()}, possibly while calls are in progress.
	 */
	protected abstract void wakeWaiters();

	/**
	 * Deallocates the flow and frees its descriptor. Called exactly once, after {@link #close()}
	 * and after every call in progress has returned. Must not throw and must not block without
	 * bound.
	 */
	protected abstract void deallocate();

	// ---------------------------------------------------------------- guard

	private void enter() {
		int s;
		do {
			s = this.state;
			if (s < 0) {
				throw notAllocated();
			}
		}
		while (!STATE.compareAndSet(this, s, s + 1));
	}

	private void exit() {
		if ((int) STATE.getAndAdd(this, -1) - 1 == CLOSED) {
			release();
		}
	}

	private void release() {
		FlowSet set = this.flowSet;
		if (set != null) {
			set.forget(this);
		}
		try {
			deallocate();
		}
		catch (RuntimeException ex) {
			logger.log(Level.WARNING, "Deallocating " + this + " failed", ex);
		}
		finally {
			FlowTracker released;
			this.trackerLock.lock();
			try {
				released = this.tracker;
				this.tracker = RELEASED;
			}
			finally {
				this.trackerLock.unlock();
			}
			released.flowClosed();
		}
	}

	// package-private: FlowSet and Ouroboros bookkeeping

	/**
	 * Adds a tracker; one added while or after the flow is released is told
	 * {@link FlowTracker#flowClosed()} at once, so that every tracker hears of the close once.
	 */
	final void addTracker(FlowTracker added) {
		this.trackerLock.lock();
		try {
			if (this.tracker != RELEASED) {
				this.tracker = FlowTracker.both(this.tracker, added);
				return;
			}
		}
		finally {
			this.trackerLock.unlock();
		}
		added.flowClosed();
	}

	final @Nullable FlowSet flowSet() {
		return this.flowSet;
	}

	final void flowSet(@Nullable FlowSet set) {
		this.flowSet = set;
	}

	/** Runs {@code action} while the flow cannot be released; fails if it is closed. */
	final void guarded(Runnable action) {
		enter();
		try {
			action.run();
		}
		finally {
			exit();
		}
	}

}
