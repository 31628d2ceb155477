package rocks.ouroboros.tools.ping;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowException;
import rocks.ouroboros.flow.FlowFlag;
import rocks.ouroboros.flow.FlowTimeoutException;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.tools.LatencyStats;
import rocks.ouroboros.tools.Progress;

/**
 * The client side of {@code oping}: allocates a flow to the server and sends echo requests in
 * one of its three modes: one every interval with a separate reader (default), the next when the
 * reply came ({@code -f}), or the same with a busy-polling non-blocking read ({@code -F}).
 * <p>
 * The packet loop reuses two direct buffers and allocates nothing unless it prints a line per
 * packet (not with {@code -Q}).
 */
public final class PingClient {

	/** Hears of every reply, for callers that check sequence numbers. */
	@FunctionalInterface
	public interface ReplyListener {

		/** A listener that does nothing. */
		ReplyListener NONE = (id, rttNanos) -> {
		};

		/** An echo reply with sequence number {@code id} came after {@code rttNanos}. */
		void replied(int id, long rttNanos);

	}

	private final PingOptions options;

	private final PrintStream out;

	private final Progress progress;

	private final ReplyListener listener;

	private final LatencyStats rtt = new LatencyStats();

	private final AtomicLong sent = new AtomicLong();

	private volatile boolean stop;

	private long received;

	private long outOfOrder;

	private double allocatedPerRoundTrip = Double.NaN;

	private double cpuPerRoundTrip = Double.NaN;

	public PingClient(PingOptions options, PrintStream out, PrintStream err) {
		this(options, out, err, ReplyListener.NONE);
	}

	public PingClient(PingOptions options, PrintStream out, PrintStream err, ReplyListener listener) {
		this.options = options;
		this.out = out;
		this.progress = new Progress(err, "round trips",
				options.progress() && (options.quiet() || options.flood() || options.floodBusy()));
		this.listener = listener;
	}

	/** Makes a running {@link #run} stop after the packet in flight; it then returns its result. */
	public void stop() {
		this.stop = true;
	}

	/**
	 * Pings the server named in the options.
	 * @throws FlowException when the flow cannot be allocated
	 */
	public PingResult run(Ouroboros ouroboros) {
		try (Flow flow = ouroboros.alloc(this.options.serverName(), this.options.qos().spec(), null)) {
			flow.setFlags(EnumSet.of(FlowFlag.READ_WRITE, FlowFlag.READ_NO_PARTIAL));
			long start = System.nanoTime();
			this.progress.start(start);
			try {
				if (this.options.floodBusy()) {
					flood(flow, true);
				}
				else if (this.options.flood()) {
					flood(flow, false);
				}
				else {
					threaded(flow);
				}
			}
			catch (FlowException ex) {
				this.out.println("Failed to send or read packet: " + ex.getMessage());
			}
			long elapsed = System.nanoTime() - start;
			return new PingResult(this.options.serverName(), this.sent.get(), this.received, this.outOfOrder, elapsed,
					this.rtt, this.allocatedPerRoundTrip, this.cpuPerRoundTrip);
		}
	}

	// ---------------------------------------------------------------- flood modes

	private void flood(Flow flow, boolean busy) {
		int size = this.options.size();
		long count = this.options.count();
		ByteBuffer buffer = ByteBuffer.allocateDirect(PingMessage.MAX_SIZE);
		if (busy) {
			flow.setFlags(EnumSet.of(FlowFlag.READ_WRITE, FlowFlag.READ_NO_PARTIAL, FlowFlag.READ_NONBLOCK));
		}
		else {
			flow.setReadTimeout(Duration.ofSeconds(10));
		}
		if (!this.options.quiet()) {
			this.out.printf(Locale.ROOT, "Pinging %s with %d bytes of data (%d packets%s):%n%n",
					this.options.serverName(), size, count, busy ? ", busy-poll" : "");
		}
		long allocatedBefore = allocatedBytes();
		long cpuBefore = cpuNanos();
		try {
			floodLoop(flow, buffer, size, count);
		}
		finally {
			long allocated = allocatedBytes() - allocatedBefore;
			long cpu = cpuNanos() - cpuBefore;
			if (allocatedBefore >= 0 && this.received > 0) {
				this.allocatedPerRoundTrip = allocated / (double) this.received;
			}
			if (cpuBefore >= 0 && this.received > 0) {
				this.cpuPerRoundTrip = cpu / (double) this.received;
			}
		}
	}

	private void floodLoop(Flow flow, ByteBuffer buffer, int size, long count) {
		long sent = 0;
		while (!this.stop && sent < count) {
			buffer.clear();
			long now = System.nanoTime();
			PingMessage.writeRequest(buffer, (int) sent, now);
			buffer.limit(size);
			flow.write(buffer);
			this.sent.lazySet(++sent);
			int n;
			do {
				buffer.clear();
				try {
					n = flow.read(buffer);
				}
				catch (FlowTimeoutException ex) {
					this.out.println("Server timed out.");
					return;
				}
			}
			while (n < 0 && !this.stop);
			if (n < 0) {
				break;
			}
			long rcvd = System.nanoTime();
			if (PingMessage.type(buffer) != PingMessage.ECHO_REPLY) {
				continue;
			}
			long rttNanos = rcvd - PingMessage.sentNanos(buffer);
			this.received++;
			this.rtt.record(rttNanos);
			int id = PingMessage.id(buffer);
			this.listener.replied(id, rttNanos);
			if (!this.options.quiet()) {
				printRtt(size, id, rttNanos, null);
			}
			this.progress.tick(rcvd, this.received);
		}
	}

	/** Heap bytes this thread allocated so far, or -1 where the JVM does not tell. */
	private static long allocatedBytes() {
		if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
				&& threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()) {
			return threads.getThreadAllocatedBytes(Thread.currentThread().getId());
		}
		return -1;
	}

	/** CPU time of this thread so far, or -1 where the JVM does not tell. */
	private static long cpuNanos() {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
	}

	// ---------------------------------------------------------------- interval mode

	private void threaded(Flow flow) {
		long count = this.options.count();
		long interval = this.options.intervalMillis();
		flow.setReadTimeout(Duration.ofSeconds(interval / 1000 + 2));
		Thread writer = new Thread(() -> write(flow, count, interval), "oping-writer");
		writer.setDaemon(true);
		if (!this.options.quiet()) {
			this.out.printf(Locale.ROOT, "Pinging %s with %d bytes of data (%d packets):%n%n",
					this.options.serverName(), this.options.size(), count);
		}
		writer.start();
		try {
			read(flow, count);
		}
		finally {
			this.stop = true;
			joinQuietly(writer);
		}
	}

	private void write(Flow flow, long count, long intervalMillis) {
		ByteBuffer buffer = ByteBuffer.allocateDirect(this.options.size());
		long sent = 0;
		try {
			while (!this.stop && sent < count) {
				if (intervalMillis > 0) {
					LockSupport.parkNanos(intervalMillis * 1_000_000L);
				}
				buffer.clear();
				PingMessage.writeRequest(buffer, (int) sent, System.nanoTime());
				flow.write(buffer);
				this.sent.set(++sent);
			}
		}
		catch (FlowException ex) {
			if (!this.stop) {
				this.out.println("Failed to send packet.");
				this.stop = true;
			}
		}
	}

	private void read(Flow flow, long count) {
		ByteBuffer buffer = ByteBuffer.allocateDirect(PingMessage.MAX_SIZE);
		long expected = 0;
		while (!this.stop && this.received != count) {
			buffer.clear();
			int n;
			try {
				n = flow.read(buffer);
			}
			catch (FlowTimeoutException ex) {
				this.out.println("Server timed out.");
				return;
			}
			if (n < 0) {
				continue;
			}
			if (PingMessage.type(buffer) != PingMessage.ECHO_REPLY) {
				this.out.printf(Locale.ROOT, "Invalid message on fd %d.%n", flow.id());
				continue;
			}
			long id = Integer.toUnsignedLong(PingMessage.id(buffer));
			if (id >= count) {
				this.out.println("Invalid id.");
				continue;
			}
			long now = System.nanoTime();
			long rttNanos = now - PingMessage.sentNanos(buffer);
			this.received++;
			boolean late = id < expected;
			if (late) {
				this.outOfOrder++;
			}
			this.rtt.record(rttNanos);
			this.listener.replied((int) id, rttNanos);
			if (!this.options.quiet()) {
				printRtt(n, (int) id, rttNanos, late ? " [out-of-order]" : null);
			}
			this.progress.tick(now, this.received);
			if (id >= expected) {
				expected = id + 1;
			}
		}
	}

	private void printRtt(int length, int id, long rttNanos, @Nullable String suffix) {
		if (this.options.timeOfDay()) {
			Instant now = Instant.now();
			this.out.printf(Locale.ROOT, "[%d.%06d] ", now.getEpochSecond(), now.getNano() / 1000);
		}
		double ms = (rttNanos / 1000) / 1000.0;
		this.out.printf(Locale.ROOT, "%d bytes from %s: seq=%d time=%.3f %s%s%n", length, this.options.serverName(),
				Integer.toUnsignedLong(id), (ms < 0.1) ? ms * 1000 : ms, (ms < 0.1) ? "µs" : "ms",
				(suffix != null) ? suffix : "");
	}

	private static void joinQuietly(Thread thread) {
		try {
			thread.join(5000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
