package rocks.ouroboros.reliability;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

import rocks.ouroboros.embedded.EmbeddedLayer;
import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowDownException;
import rocks.ouroboros.flow.FlowEvent;
import rocks.ouroboros.flow.FlowEventQueue;
import rocks.ouroboros.flow.FlowEventType;
import rocks.ouroboros.flow.FlowException;
import rocks.ouroboros.flow.FlowFlag;
import rocks.ouroboros.flow.FlowNotAllocatedException;
import rocks.ouroboros.flow.FlowPermissionException;
import rocks.ouroboros.flow.FlowTimeoutException;
import rocks.ouroboros.flow.FlowWouldBlockException;
import rocks.ouroboros.flow.FrctFlag;
import rocks.ouroboros.flow.MessageTooLargeException;
import rocks.ouroboros.flow.OuroborosUnavailableException;
import rocks.ouroboros.flow.QosSpec;
import rocks.ouroboros.flow.UnknownNameException;
import rocks.ouroboros.reliability.FlowModel.End;
import rocks.ouroboros.reliability.FlowModel.Event;
import rocks.ouroboros.reliability.FlowModel.Proc;
import rocks.ouroboros.reliability.FlowModel.Ring;

/**
 * One randomized sequence of flow calls from one seed: allocs, accepts, joins, reads and writes of
 * every shape, flags, timeouts, flow sets, closes, double closes, use after close, process close
 * and crash. Each call runs on a fresh embedded layer with tight limits (tiny rings, few
 * descriptors, small packets, so that every limit is reached) and on {@link FlowModel}; any
 * difference in result, exception type, descriptor, event, queue length or open count fails with
 * the seed and the last calls. Calls that would block for ever are made, and ended by a close
 * from another thread, which must wake them with {@link FlowNotAllocatedException}.
 */
final class FlowSequence implements AutoCloseable {

	static final int MAX_PACKET = 48;

	static final int RING = 4;

	static final int MAX_FLOWS = 6;

	private static final String SERVICE = "svc";

	private static final String MUTE = "mute";

	private static final String BROADCAST = "bc";

	private static final QosSpec[] QOS = { QosSpec.RAW, QosSpec.BEST_EFFORT, QosSpec.DATA, QosSpec.VOICE };

	private static final Duration FOREVERISH = Duration.ofDays(3650);

	private final long seed;

	private final Random random;

	private final ExecutorService helper;

	private final EmbeddedLayer layer = EmbeddedLayer.builder()
		.maxPacketSize(MAX_PACKET)
		.ringCapacity(RING)
		.maxFlowsPerProcess(MAX_FLOWS)
		.allocTimeout(Duration.ofSeconds(5))
		.build();

	private final List<Proc> procs = new ArrayList<>();

	private final List<End> ends = new ArrayList<>();

	private final List<FlowModel.Set> sets = new ArrayList<>();

	private final List<End> group = new ArrayList<>();

	private final Map<Flow, End> byFlow = new IdentityHashMap<>();

	private final ArrayDeque<String> log = new ArrayDeque<>();

	private @Nullable Proc server;

	private int labels;

	int operations;

	int blockedCallsWoken;

	int useAfterClose;

	FlowSequence(long seed, ExecutorService helper) {
		this.seed = seed;
		this.random = new Random(seed);
		this.helper = helper;
		this.layer.createBroadcastLayer(BROADCAST);
		newServer();
		Proc mute = newProc("mute");
		mute.real.bind(MUTE);
		newProc("client");
		newProc("client");
	}

	/** Runs {@code count} random calls, checking each. */
	void run(int count) throws Exception {
		for (int i = 0; i < count; i++) {
			step();
			this.operations++;
			checkInvariants();
		}
	}

	@Override
	public void close() {
		this.layer.close();
		for (Proc proc : this.procs) {
			check(proc.real.isClosed(), proc + " is not closed after its layer closed");
			check(proc.real.openFlows().isEmpty(), proc + " still has flows open after its layer closed: "
					+ proc.real.openFlows());
			check(proc.real.openFlowSetCount() == 0, proc + " still has flow sets open after its layer closed");
		}
		for (End end : this.ends) {
			check(!end.flow.isAllocated(), end + " is still allocated after its layer closed");
		}
		check(this.layer.processCount() == 0, "the layer still counts processes after close");
		check(this.layer.boundNames().isEmpty(), "names stay bound after close: " + this.layer.boundNames());
	}

	// ---------------------------------------------------------------- the calls

	private void step() throws Exception {
		int dice = this.random.nextInt(120);
		if (dice < 14) {
			alloc();
		}
		else if (dice < 17) {
			allocThatFails();
		}
		else if (dice < 18) {
			acceptWithNothingPending();
		}
		else if (dice < 21) {
			join();
		}
		else if (dice < 42) {
			write(anyEnd());
		}
		else if (dice < 63) {
			read(anyEnd());
		}
		else if (dice < 69) {
			setFlags(anyEnd());
		}
		else if (dice < 73) {
			setTimeout(anyEnd());
		}
		else if (dice < 78) {
			query(anyEnd());
		}
		else if (dice < 80) {
			frct(anyEnd());
		}
		else if (dice < 83) {
			newFlowSet();
		}
		else if (dice < 89) {
			addToSet();
		}
		else if (dice < 91) {
			removeFromSet();
		}
		else if (dice < 97) {
			awaitSet();
		}
		else if (dice < 102) {
			nextEvent();
		}
		else if (dice < 103) {
			closeSet();
		}
		else if (dice < 112) {
			closeEnd(anyEnd());
		}
		else if (dice < 114) {
			closeProcess(false);
		}
		else if (dice < 115) {
			closeProcess(true);
		}
		else {
			newProcesses();
		}
	}

	private void alloc() throws Exception {
		Proc client = anyProc();
		QosSpec qos = QOS[this.random.nextInt(QOS.length)];
		Proc server = this.server;
		note("alloc " + SERVICE + " from " + client + " " + qos.inOrder() + "/" + qos.loss());
		if (client.closed) {
			expectFailure(OuroborosUnavailableException.class, () -> client.real.alloc(SERVICE, qos, Duration.ZERO));
			return;
		}
		if (server == null) {
			expectFailure(UnknownNameException.class, () -> client.real.alloc(SERVICE, qos, Duration.ZERO));
			return;
		}
		if (client.full()) {
			expectFailure(FlowException.class, () -> client.real.alloc(SERVICE, qos, Duration.ofSeconds(2)));
			return;
		}
		Future<Flow> allocated = this.helper.submit(() -> client.real.alloc(SERVICE, qos, Duration.ofSeconds(5)));
		int clientFd = client.allocateFd();
		if (server.full()) {
			expectFailure(FlowException.class, () -> server.real.accept(Duration.ofSeconds(5)));
			Throwable failure = outcome(() -> allocated.get(5, TimeUnit.SECONDS));
			check(failure instanceof java.util.concurrent.ExecutionException ee && ee.getCause().getClass() == FlowException.class,
					"an alloc whose server has no descriptor left must fail with FlowException, got " + failure);
			client.fds.clear(clientFd);
			return;
		}
		Flow accepted = server.real.accept(Duration.ofSeconds(5));
		Flow flow = allocated.get(5, TimeUnit.SECONDS);
		int serverFd = server.allocateFd();
		check(flow.id() == clientFd, "alloc got descriptor " + flow.id() + ", upstream would give the lowest free one, "
				+ clientFd);
		check(accepted.id() == serverFd, "accept got descriptor " + accepted.id() + ", expected " + serverFd);
		End c = newEnd(flow, client, "c", qos);
		End s = newEnd(accepted, server, "s", qos);
		c.peer = s;
		s.peer = c;
		c.tx = s.rx;
		s.tx = c.rx;
	}

	private void allocThatFails() {
		Proc client = anyProc();
		if (this.random.nextBoolean()) {
			note("alloc nobody from " + client);
			expectFailure(client.closed ? OuroborosUnavailableException.class : UnknownNameException.class,
					() -> client.real.alloc("nobody", QosSpec.RAW, Duration.ZERO));
			return;
		}
		String name = (this.server != null && this.random.nextBoolean()) ? SERVICE : MUTE;
		note("alloc " + name + " from " + client + " with no accept waiting");
		boolean muted = name.equals(MUTE) && this.procs.stream().noneMatch(p -> p.label.startsWith("mute") && !p.closed);
		Class<? extends Throwable> expected = client.closed ? OuroborosUnavailableException.class
				: muted ? UnknownNameException.class : client.full() ? FlowException.class : FlowTimeoutException.class;
		expectFailure(expected, () -> client.real.alloc(name, QosSpec.RAW, Duration.ZERO));
	}

	private void acceptWithNothingPending() {
		Proc proc = anyProc();
		note("accept on " + proc + " with nothing pending");
		expectFailure(proc.closed ? OuroborosUnavailableException.class : FlowTimeoutException.class,
				() -> proc.real.accept(Duration.ZERO));
	}

	private void join() {
		Proc proc = anyProc();
		QosSpec qos = QOS[this.random.nextInt(QOS.length)];
		note("join " + BROADCAST + " from " + proc);
		if (proc.closed || proc.full()) {
			expectFailure(proc.closed ? OuroborosUnavailableException.class : FlowException.class,
					() -> proc.real.join(BROADCAST, qos, Duration.ZERO));
			return;
		}
		Flow flow = proc.real.join(BROADCAST, qos, Duration.ZERO);
		int fd = proc.allocateFd();
		check(flow.id() == fd, "join got descriptor " + flow.id() + ", expected " + fd);
		End end = newEnd(flow, proc, "b", qos);
		end.group = this.group;
		this.group.add(end);
	}

	// ---------------------------------------------------------------- writes

	private void write(@Nullable End end) throws Exception {
		if (end == null) {
			return;
		}
		int length = this.random.nextInt(MAX_PACKET + 9);
		byte[] packet = new byte[length];
		this.random.nextBytes(packet);
		int shape = this.random.nextInt(4);
		note("write " + length + " bytes (shape " + shape + ") to " + end);
		Class<? extends Throwable> expected = writeFailure(end, length);
		// direct, or heap and read-only (no array to write from): both must survive a failed write
		ByteBuffer direct = (shape == 3) ? (this.random.nextBoolean() ? ByteBuffer.allocateDirect(length + 8)
				: ByteBuffer.allocate(length + 8)) : null;
		int position = (shape == 3) ? this.random.nextInt(9) : 0;
		Callable<Integer> call = switch (shape) {
			case 0 -> () -> end.flow.write(packet);
			case 1 -> {
				int offset = this.random.nextInt(5);
				byte[] padded = new byte[offset + length + this.random.nextInt(5)];
				System.arraycopy(packet, 0, padded, offset, length);
				yield () -> end.flow.write(padded, offset, length);
			}
			case 2 -> {
				byte[] padded = Arrays.copyOf(packet, length + this.random.nextInt(5));
				yield () -> end.flow.write(padded, length);
			}
			default -> {
				direct.position(position);
				direct.put(packet);
				direct.position(position).limit(position + length);
				ByteBuffer written = direct.isDirect() ? direct : direct.asReadOnlyBuffer();
				direct = written;
				yield () -> end.flow.write(written);
			}
		};
		if (expected == Blocks.class) {
			blockedThenClosed(end, call::call);
			return;
		}
		if (expected != null) {
			expectFailure(expected, call::call);
			if (direct != null) {
				check(direct.position() == position, "a failed write moved the ByteBuffer's position from " + position
						+ " to " + direct.position() + ": retrying it would send " + direct.remaining()
						+ " bytes instead of the packet");
			}
			if (expected == FlowNotAllocatedException.class) {
				this.useAfterClose++;
			}
			return;
		}
		int written = call.call();
		check(written == length, "write returned " + written + " for a packet of " + length);
		if (direct != null) {
			check(direct.position() == position + length, "a write did not advance the ByteBuffer to its limit");
		}
		deliver(end, packet);
	}

	/** A call whose result, if any, is not looked at. */
	@FunctionalInterface
	private interface Call {

		void run() throws Exception;

	}

	/** Marks a call that waits for ever; it is ended by a close from another thread. */
	private static final class Blocks extends RuntimeException {

		private static final long serialVersionUID = 1L;

	}

	private @Nullable Class<? extends Throwable> writeFailure(End end, int length) {
		if (end.closed) {
			return FlowNotAllocatedException.class;
		}
		if (end.readOnly()) {
			return FlowPermissionException.class;
		}
		if (length > MAX_PACKET) {
			return MessageTooLargeException.class;
		}
		if (end.group != null) {
			return null;
		}
		Ring tx = end.tx;
		if (tx.down) {
			return FlowDownException.class;
		}
		if (tx.readerGone) {
			return FlowDownException.class;
		}
		if (tx.packets.size() < RING || length == 0) {
			return null; // an empty write queues nothing, so it never waits for room
		}
		if (end.has(FlowFlag.WRITE_NONBLOCK)) {
			return FlowWouldBlockException.class;
		}
		if (end.writeTimeout == null || end.writeTimeout.equals(FOREVERISH)) {
			return Blocks.class;
		}
		return FlowTimeoutException.class;
	}

	private void deliver(End from, byte[] packet) {
		if (packet.length == 0) {
			return; // as upstream: a zero-length write sends nothing
		}
		if (from.group != null) {
			for (End member : from.group) {
				if (member != from && member.rx.packets.size() < RING && !member.rx.readerGone && !member.rx.down) {
					member.rx.packets.add(packet);
					post(member, FlowEventType.PACKET);
				}
			}
			return;
		}
		from.tx.packets.add(packet);
		post(from.peer, FlowEventType.PACKET);
	}

	// ---------------------------------------------------------------- reads

	private void read(@Nullable End end) throws Exception {
		if (end == null) {
			return;
		}
		int room = this.random.nextInt(MAX_PACKET + 9);
		int shape = this.random.nextInt(4);
		note("read " + room + " bytes (shape " + shape + ") from " + end);
		boolean readOfCount = shape == 0;
		// read(int) skips the end mark of the last packet and reads on: it may wait or fail where a buffer read returns 0
		boolean skipsMark = readOfCount && end.donePart && room > 0;
		Class<? extends Throwable> failure = readFailure(end, skipsMark);
		Call call = readOfCount ? () -> end.flow.read(room) : () -> end.flow.read(new byte[room], 0, room);
		if (skipsMark && failure != null && failure != FlowNotAllocatedException.class
				&& failure != FlowPermissionException.class) {
			end.donePart = false;
		}
		if (failure == Blocks.class) {
			blockedThenClosed(end, call);
			return;
		}
		if (failure != null) {
			expectFailure(failure, call);
			if (failure == FlowNotAllocatedException.class) {
				this.useAfterClose++;
			}
			return;
		}
		ReadResult expected = expectRead(end, room, shape == 0);
		if (expected.tooLarge) {
			expectFailure(MessageTooLargeException.class, () -> end.flow.read(room));
			return;
		}
		byte[] got;
		switch (shape) {
			case 0 -> {
				byte[] packet = end.flow.read(room);
				got = packet;
				check((packet == null) == (expected.bytes == null), "read(int) returned " + Arrays.toString(packet)
						+ ", expected " + Arrays.toString(expected.bytes));
			}
			case 1 -> {
				int offset = this.random.nextInt(5);
				byte[] buffer = new byte[offset + room + this.random.nextInt(5)];
				Arrays.fill(buffer, (byte) 0x5A);
				int n = end.flow.read(buffer, offset, room);
				got = (n < 0) ? null : Arrays.copyOfRange(buffer, offset, offset + n);
				for (int i = 0; i < buffer.length; i++) {
					if ((i < offset || i >= offset + Math.max(n, 0)) && buffer[i] != 0x5A) {
						throw fail("read wrote outside its range at index " + i);
					}
				}
			}
			default -> {
				ByteBuffer buffer = (shape == 2) ? ByteBuffer.allocate(room + 8) : ByteBuffer.allocateDirect(room + 8);
				int position = this.random.nextInt(9);
				buffer.position(position).limit(position + room);
				int n = end.flow.read(buffer);
				check(buffer.position() == position + Math.max(n, 0), "read(ByteBuffer) returned " + n
						+ " but moved the position by " + (buffer.position() - position));
				got = null;
				if (n >= 0) {
					got = new byte[n];
					buffer.position(position);
					buffer.get(got);
				}
			}
		}
		check(Arrays.equals(got, expected.bytes), "read " + describe(got) + " from " + end + ", expected "
				+ describe(expected.bytes) + ": a packet was lost, reordered or crossed over from another flow");
	}

	private record ReadResult(byte @Nullable [] bytes, boolean tooLarge) {
	}

	/**
	 * The read's result on the model, changing its state; only called when no failure is due. A
	 * packet larger than the buffer is read in parts (or refused without partial reads), and a
	 * read that ends a packet exactly at the end of its buffer is followed by a read of 0, which
	 * {@code read(int)} skips.
	 */
	private ReadResult expectRead(End end, int room, boolean readOfCount) {
		if (end.donePart) {
			end.donePart = false;
			if (!readOfCount || room == 0) {
				return new ReadResult(new byte[0], false);
			}
		}
		byte[] packet = end.partial;
		if (packet == null) {
			packet = end.rx.packets.poll();
			end.partialOffset = 0;
		}
		if (packet == null) {
			return new ReadResult(null, false);
		}
		int left = packet.length - end.partialOffset;
		if (left > room && end.has(FlowFlag.READ_NO_PARTIAL)) {
			end.partial = null;
			end.partialOffset = 0;
			return new ReadResult(null, true);
		}
		int copied = Math.min(left, room);
		byte[] bytes = Arrays.copyOfRange(packet, end.partialOffset, end.partialOffset + copied);
		if (copied < left) {
			end.partial = packet;
			end.partialOffset += copied;
		}
		else {
			end.partial = null;
			end.partialOffset = 0;
			// as upstream: no end mark when READ_NO_PARTIAL is set (packets are read whole)
			end.donePart = copied > 0 && copied == room && !end.has(FlowFlag.READ_NO_PARTIAL);
		}
		return new ReadResult(bytes, false);
	}

	private @Nullable Class<? extends Throwable> readFailure(End end, boolean skipsMark) {
		if (end.closed) {
			return FlowNotAllocatedException.class;
		}
		if (end.writeOnly()) {
			return FlowPermissionException.class;
		}
		if ((end.donePart && !skipsMark) || end.partial != null || !end.rx.packets.isEmpty()) {
			return null;
		}
		if (end.rx.down || end.rx.writerGone) {
			return FlowDownException.class;
		}
		if (end.has(FlowFlag.READ_NONBLOCK)) {
			return null;
		}
		if (end.readTimeout == null || end.readTimeout.equals(FOREVERISH)) {
			return Blocks.class;
		}
		return FlowTimeoutException.class;
	}

	/** Makes a call that waits for ever, closes the flow from another thread, and expects the wake-up. */
	private void blockedThenClosed(End end, Call call) throws Exception {
		note("  ... blocks; closing " + end + " from another thread");
		Future<?> closer = this.helper.submit(() -> {
			LockSupport.parkNanos(this.random.nextInt(3) * 200_000L);
			end.flow.close();
		});
		expectFailure(FlowNotAllocatedException.class, call);
		closer.get(5, TimeUnit.SECONDS);
		closeModel(end);
		this.blockedCallsWoken++;
	}

	// ---------------------------------------------------------------- settings

	private void setFlags(@Nullable End end) {
		if (end == null) {
			return;
		}
		if (this.random.nextInt(4) == 0) {
			boolean nonBlocking = this.random.nextBoolean();
			note("setNonBlocking(" + nonBlocking + ") on " + end);
			if (end.closed) {
				expectFailure(FlowNotAllocatedException.class, () -> end.flow.setNonBlocking(nonBlocking));
				return;
			}
			end.flow.setNonBlocking(nonBlocking);
			EnumSet<FlowFlag> flags = EnumSet.copyOf(end.flags);
			if (nonBlocking) {
				flags.add(FlowFlag.READ_NONBLOCK);
				flags.add(FlowFlag.WRITE_NONBLOCK);
			}
			else {
				flags.remove(FlowFlag.READ_NONBLOCK);
				flags.remove(FlowFlag.WRITE_NONBLOCK);
			}
			applyFlags(end, flags);
			return;
		}
		EnumSet<FlowFlag> wanted = EnumSet.noneOf(FlowFlag.class);
		for (FlowFlag flag : FlowFlag.values()) {
			int odds = flag.isAccessMode() ? 4 : (flag == FlowFlag.DOWN ? 6 : 3);
			if (this.random.nextInt(odds) == 0) {
				wanted.add(flag);
			}
		}
		note("setFlags(" + wanted + ") on " + end);
		long modes = wanted.stream().filter(FlowFlag::isAccessMode).count();
		if (modes > 1) {
			expectFailure(IllegalArgumentException.class, () -> end.flow.setFlags(wanted));
			return;
		}
		if (end.closed) {
			expectFailure(FlowNotAllocatedException.class, () -> end.flow.setFlags(wanted));
			this.useAfterClose++;
			return;
		}
		end.flow.setFlags(wanted);
		EnumSet<FlowFlag> flags = EnumSet.copyOf(wanted.isEmpty() ? EnumSet.noneOf(FlowFlag.class) : wanted);
		if (modes == 0) {
			end.flags.stream().filter(FlowFlag::isAccessMode).forEach(flags::add);
		}
		applyFlags(end, flags);
	}

	private void applyFlags(End end, EnumSet<FlowFlag> flags) {
		boolean wasDown = end.has(FlowFlag.DOWN);
		boolean isDown = flags.contains(FlowFlag.DOWN);
		end.flags = flags;
		if (wasDown != isDown) {
			end.rx.down = isDown;
			if (end.tx != null) {
				end.tx.down = isDown;
			}
			if (end.peer != null) {
				post(end.peer, isDown ? FlowEventType.DOWN : FlowEventType.UP);
			}
		}
	}

	private void setTimeout(@Nullable End end) {
		if (end == null) {
			return;
		}
		Duration[] choices = { null, Duration.ZERO, Duration.ofMillis(1), FOREVERISH };
		Duration timeout = choices[this.random.nextInt(choices.length)];
		boolean read = this.random.nextBoolean();
		note("set" + (read ? "Read" : "Write") + "Timeout(" + timeout + ") on " + end);
		Runnable call = read ? () -> end.flow.setReadTimeout(timeout) : () -> end.flow.setWriteTimeout(timeout);
		if (end.closed) {
			expectFailure(FlowNotAllocatedException.class, () -> {
				call.run();
			});
			return;
		}
		call.run();
		if (read) {
			end.readTimeout = timeout;
		}
		else {
			end.writeTimeout = timeout;
		}
	}

	private void query(@Nullable End end) {
		if (end == null) {
			return;
		}
		note("query " + end);
		if (end.closed) {
			expectFailure(FlowNotAllocatedException.class, () -> end.flow.flags());
			expectFailure(FlowNotAllocatedException.class, () -> end.flow.qos());
			expectFailure(FlowNotAllocatedException.class, () -> end.flow.rxQueueLength());
			expectFailure(FlowNotAllocatedException.class, () -> end.flow.readTimeout());
			this.useAfterClose += 4;
			return;
		}
		check(end.flow.flags().equals(end.flags), "flags() is " + end.flow.flags() + ", expected " + end.flags);
		check(end.flow.qos().equals(end.qos), "qos() changed");
		check(end.flow.readTimeout().equals(Optional.ofNullable(end.readTimeout)), "readTimeout() is "
				+ end.flow.readTimeout() + ", expected " + end.readTimeout);
		check(end.flow.writeTimeout().equals(Optional.ofNullable(end.writeTimeout)), "writeTimeout() is "
				+ end.flow.writeTimeout() + ", expected " + end.writeTimeout);
		check(end.flow.rxQueueLength() == end.rx.packets.size(), "rxQueueLength() is " + end.flow.rxQueueLength()
				+ ", expected " + end.rx.packets.size());
		int tx = (end.tx != null) ? end.tx.packets.size() : 0;
		check(end.flow.txQueueLength() == tx, "txQueueLength() is " + end.flow.txQueueLength() + ", expected " + tx);
	}

	private void frct(@Nullable End end) {
		if (end == null) {
			return;
		}
		EnumSet<FrctFlag> wanted = EnumSet.noneOf(FrctFlag.class);
		for (FrctFlag flag : FrctFlag.values()) {
			if (this.random.nextInt(3) == 0) {
				wanted.add(flag);
			}
		}
		note("setFrctFlags(" + wanted + ") on " + end);
		if (end.closed) {
			expectFailure(FlowNotAllocatedException.class, () -> end.flow.frctFlags());
			return;
		}
		if (!end.qos.inOrder()) {
			expectFailure(FlowPermissionException.class, () -> end.flow.frctFlags());
			expectFailure(FlowPermissionException.class, () -> {
				end.flow.setFrctFlags(wanted);
			});
			return;
		}
		check(end.flow.frctFlags().equals(end.frct), "frctFlags() is " + end.flow.frctFlags() + ", expected " + end.frct);
		if (!end.frct.containsAll(wanted)) {
			expectFailure(IllegalArgumentException.class, () -> {
				end.flow.setFrctFlags(wanted);
			});
			return;
		}
		end.flow.setFrctFlags(wanted);
		end.frct = wanted;
	}

	// ---------------------------------------------------------------- flow sets and events

	private void newFlowSet() {
		Proc proc = anyProc();
		note("newFlowSet on " + proc);
		if (proc.closed) {
			expectFailure(OuroborosUnavailableException.class, proc.real::newFlowSet);
			return;
		}
		if (proc.sets.size() >= 31) {
			expectFailure(FlowException.class, proc.real::newFlowSet);
			return;
		}
		FlowModel.Set set = new FlowModel.Set(proc.real.newFlowSet(), proc, "set" + (this.labels++));
		proc.sets.add(set);
		this.sets.add(set);
	}

	private void addToSet() {
		FlowModel.Set set = anySet();
		End end = anyEnd();
		if (set == null || end == null) {
			return;
		}
		note("add " + end + " to " + set);
		Class<? extends Throwable> expected = null;
		if (end.proc != set.proc) {
			expected = IllegalArgumentException.class;
		}
		else if (end.closed) {
			expected = FlowNotAllocatedException.class;
		}
		else if (set.closed) {
			expected = IllegalStateException.class;
		}
		else if (end.set != null && end.set != set) {
			expected = FlowPermissionException.class;
		}
		if (expected != null) {
			Class<? extends Throwable> failure = expected;
			expectFailure(failure, () -> {
				set.real.add(end.flow);
			});
			return;
		}
		set.real.add(end.flow);
		if (end.set == null) {
			end.set = set;
			for (int i = 0; i < end.rx.packets.size(); i++) {
				set.events.add(new Event(end, FlowEventType.PACKET));
			}
		}
		check(set.real.contains(end.flow), "a flow added to a set is not in it");
	}

	private void removeFromSet() {
		FlowModel.Set set = anySet();
		End end = anyEnd();
		if (set == null || end == null) {
			return;
		}
		note("remove " + end + " from " + set);
		set.real.remove(end.flow);
		if (end.set == set) {
			forget(end);
		}
		check(!set.real.contains(end.flow), "a flow removed from a set is still in it");
	}

	private void awaitSet() {
		FlowModel.Set set = anySet();
		if (set == null) {
			return;
		}
		Proc queueOwner = (this.random.nextInt(8) == 0) ? anyProc() : set.proc;
		FlowEventQueue queue = queueOwner.queue;
		note("await " + set + " into the queue of " + queueOwner);
		if (set.closed) {
			expectFailure(IllegalStateException.class, () -> set.real.await(queue, Duration.ZERO));
			return;
		}
		if (queueOwner != set.proc) {
			expectFailure(IllegalArgumentException.class, () -> set.real.await(queue, Duration.ZERO));
			return;
		}
		boolean any = set.real.await(queue, Duration.ZERO);
		check(any == !set.events.isEmpty(), "await returned " + any + " with " + set.events + " expected");
		set.proc.queued.clear();
		set.proc.queued.addAll(set.events);
		set.events.clear();
		check(set.real.flows().size() == (int) this.ends.stream().filter(e -> e.set == set).count(),
				"the set holds " + set.real.flows().size() + " flows");
	}

	private void nextEvent() {
		Proc proc = anyProc();
		Event expected = null;
		while (!proc.queued.isEmpty()) {
			Event event = proc.queued.remove(0);
			if (!event.end().closed) {
				expected = event;
				break;
			}
		}
		note("next event of " + proc + ", expected " + expected);
		FlowEvent event = proc.queue.next();
		if (expected == null) {
			check(event == null, "the event queue gave " + event + ", expected none");
			return;
		}
		check(event != null && event.flow() == expected.end().flow && event.type() == expected.type(),
				"the event queue gave " + describe(event) + ", expected " + expected);
	}

	private void closeSet() {
		FlowModel.Set set = anySet();
		if (set == null) {
			return;
		}
		note("close " + set);
		set.real.close();
		closeSetModel(set);
		check(set.real.isClosed() && set.real.flows().isEmpty(), "a closed set still holds flows");
	}

	private void closeSetModel(FlowModel.Set set) {
		if (set.closed) {
			return;
		}
		set.closed = true;
		for (End end : this.ends) {
			if (end.set == set) {
				forget(end);
			}
		}
		set.events.clear();
		set.proc.sets.remove(set);
	}

	private void post(@Nullable End to, FlowEventType type) {
		if (to != null && to.set != null) {
			to.set.events.add(new Event(to, type));
		}
	}

	private void forget(End end) {
		FlowModel.Set set = end.set;
		if (set != null) {
			set.events.removeIf(event -> event.end() == end);
			end.set = null;
		}
	}

	// ---------------------------------------------------------------- close

	private void closeEnd(@Nullable End end) {
		if (end == null) {
			return;
		}
		boolean dealloc = this.random.nextBoolean();
		note((dealloc ? "dealloc " : "close ") + end);
		if (dealloc) {
			end.flow.dealloc();
		}
		else {
			end.flow.close();
		}
		closeModel(end);
		check(!end.flow.isAllocated(), "a closed flow says it is allocated");
	}

	private void closeModel(End end) {
		if (end.closed) {
			return;
		}
		end.closed = true;
		end.proc.ends.remove(end);
		forget(end);
		if (!end.proc.crashed) {
			end.rx.readerGone = true;
			end.rx.packets.clear();
		}
		if (end.group != null) {
			end.group.remove(end);
		}
		if (end.peer != null && end.tx != null && !end.proc.crashed) {
			end.tx.writerGone = true;
			post(end.peer, FlowEventType.DEALLOC);
		}
		end.proc.fds.clear(end.flow.id());
	}

	private void closeProcess(boolean crash) {
		Proc proc = anyProc();
		note((crash ? "crash " : "close ") + proc);
		List<Flow> order = new ArrayList<>(proc.real.openFlows());
		if (crash) {
			proc.crashed |= !proc.closed;
			this.layer.crash(proc.real);
		}
		else {
			proc.real.close();
		}
		if (proc.closed) {
			return;
		}
		for (Flow flow : order) {
			closeModel(this.byFlow.get(flow));
		}
		for (FlowModel.Set set : new ArrayList<>(proc.sets)) {
			closeSetModel(set);
		}
		proc.closed = true;
		if (proc == this.server) {
			this.server = null;
		}
	}

	private void newProcesses() {
		if (this.server == null) {
			note("new server");
			newServer();
		}
		else if (this.procs.stream().filter(p -> !p.closed).count() < 5) {
			note("new client");
			newProc("client");
		}
		else if (this.procs.stream().noneMatch(p -> p.label.startsWith("mute") && !p.closed)) {
			note("new mute");
			newProc("mute").real.bind(MUTE);
		}
	}

	private void newServer() {
		Proc proc = newProc("server");
		proc.real.bind(SERVICE);
		this.server = proc;
	}

	private Proc newProc(String role) {
		String label = role + (this.labels++);
		Proc proc = new Proc(this.layer.newProcess(label), label, MAX_FLOWS);
		this.procs.add(proc);
		return proc;
	}

	private End newEnd(Flow flow, Proc proc, String role, QosSpec qos) {
		End end = new End(flow, proc, role + (this.labels++) + "@" + proc.label, qos);
		this.ends.add(end);
		proc.ends.add(end);
		this.byFlow.put(flow, end);
		return end;
	}

	// ---------------------------------------------------------------- checks

	private void checkInvariants() {
		int live = 0;
		Map<String, Integer> bound = new TreeMap<>();
		for (Proc proc : this.procs) {
			check(proc.real.isClosed() == proc.closed, proc + " closed is " + proc.real.isClosed());
			check(proc.real.openFlows().size() == proc.ends.size(), proc + " has " + proc.real.openFlows().size()
					+ " open flows, expected " + proc.ends.size() + " " + proc.ends);
			check(proc.real.openFlowSetCount() == proc.sets.size(), proc + " has " + proc.real.openFlowSetCount()
					+ " flow sets, expected " + proc.sets.size());
			if (!proc.closed) {
				live++;
				for (String name : proc.real.boundNames()) {
					bound.merge(name, 1, Integer::sum);
				}
			}
		}
		for (End end : this.ends) {
			check(end.flow.isAllocated() == !end.closed, end + " isAllocated() is " + end.flow.isAllocated());
		}
		check(this.layer.processCount() == live, "the layer counts " + this.layer.processCount()
				+ " processes, expected " + live);
		check(this.layer.boundNames().equals(bound), "the layer has bound " + this.layer.boundNames()
				+ ", the processes " + bound);
	}

	private void expectFailure(Class<? extends Throwable> expected, Call call) {
		Throwable failure = outcome(call);
		if (failure == null || failure.getClass() != expected) {
			AssertionError error = fail("expected " + expected.getSimpleName() + " but "
					+ ((failure == null) ? "the call succeeded" : "got " + failure));
			if (failure != null) {
				error.initCause(failure);
			}
			throw error;
		}
		String message = failure.getMessage();
		check(message != null && !message.isBlank(), expected.getSimpleName() + " has no message");
	}

	private static @Nullable Throwable outcome(Call call) {
		try {
			call.run();
			return null;
		}
		catch (Throwable ex) {
			return ex;
		}
	}

	private void check(boolean condition, String message) {
		if (!condition) {
			throw fail(message);
		}
	}

	private AssertionError fail(String message) {
		return new AssertionError(message + "\nseed " + this.seed + ", last calls:\n  " + String.join("\n  ", this.log));
	}

	private void note(String call) {
		if (this.log.size() == 40) {
			this.log.removeFirst();
		}
		this.log.addLast(call);
	}

	private static String describe(byte @Nullable [] bytes) {
		return (bytes == null) ? "nothing (-1)" : bytes.length + " bytes " + Arrays.toString(Arrays.copyOf(bytes,
				Math.min(bytes.length, 6)));
	}

	private static String describe(@Nullable FlowEvent event) {
		return (event == null) ? "nothing" : event.type() + "@fd " + event.flow().id();
	}

	private Proc anyProc() {
		return this.procs.get(this.random.nextInt(this.procs.size()));
	}

	private @Nullable End anyEnd() {
		if (this.ends.isEmpty()) {
			return null;
		}
		// mostly live ends, sometimes a closed one (use after close, double close)
		for (int tries = 0; tries < 3; tries++) {
			End end = this.ends.get(this.random.nextInt(this.ends.size()));
			if (!end.closed || tries == 2 || this.random.nextInt(4) == 0) {
				return end;
			}
		}
		return null;
	}

	private FlowModel.@Nullable Set anySet() {
		return this.sets.isEmpty() ? null : this.sets.get(this.random.nextInt(this.sets.size()));
	}

}
