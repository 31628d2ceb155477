package rocks.ouroboros.tools.perf;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowFlag;
import rocks.ouroboros.flow.FlowTimeoutException;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.tools.ToolServer;

/**
 * The server of {@code operf}: reads each new flow's configuration packet (exactly
 * {@value PerfMessage#CONF_BYTES} bytes), then counts a one-way test's packets (a report line
 * per second where {@code operf} prints one per packet) or echoes an echo test's. A flow silent
 * for {@value #IDLE_MILLIS} ms is deallocated, as {@code operf}'s cleaner does.
 */
public final class PerfServer extends ToolServer<PerfServer> {

	/** A flow silent this long is deallocated. */
	public static final long IDLE_MILLIS = 1000;

	private static final Duration READ_SLICE = Duration.ofMillis(100);

	private final AtomicLong packets = new AtomicLong();

	/**
	 * @param ouroboros the process to serve from; the server binds it to the options' name
	 * @param options server options ({@code -l}, {@code -n})
	 * @param out where {@code operf}'s server lines go
	 */
	public PerfServer(Ouroboros ouroboros, PerfOptions options, PrintStream out) {
		super(ouroboros, options.serverName(), "operf", Integer.MAX_VALUE, out);
	}

	@Override
	protected String startedLine() {
		return "Ouroboros perf server started.";
	}

	@Override
	protected String newFlowLine(Flow flow) {
		return String.format(Locale.ROOT, "New flow %d.", flow.id());
	}

	/** Data packets received (counted when a flow reports or ends). */
	public long packets() {
		return this.packets.get();
	}

	@Override
	protected void serve(Flow flow) {
		ByteBuffer buffer = ByteBuffer.allocateDirect(PerfMessage.MAX_SIZE);
		flow.setReadTimeout(Duration.ofSeconds(2));
		int n;
		try {
			n = flow.read(buffer);
		}
		catch (FlowTimeoutException ex) {
			this.out.println("Failed to read config message.");
			return;
		}
		if (n != PerfMessage.CONF_BYTES) {
			this.out.println("Invalid config message.");
			return;
		}
		boolean bi = PerfMessage.testType(buffer) == PerfMessage.TEST_BI;
		this.out.println(bi ? "Doing a bidirectional test." : "Doing a unidirectional test.");
		serve(flow, buffer, bi);
	}

	private void serve(Flow flow, ByteBuffer buffer, boolean bi) {
		flow.setFlags(EnumSet.of(FlowFlag.READ_WRITE, FlowFlag.READ_NO_PARTIAL));
		flow.setReadTimeout(READ_SLICE);
		long last = System.nanoTime();
		long intervalStart = last;
		long packets = 0;
		long bytes = 0;
		long reported = 0;
		long reportedBytes = 0;
		try {
			while (!stopping()) {
				int n = readSlice(flow, buffer);
				long now = System.nanoTime();
				if (n >= 0) {
					last = now;
					packets++;
					bytes += n;
					if (bi) {
						buffer.flip();
						flow.write(buffer);
					}
				}
				else if (now - last > IDLE_MILLIS * 1_000_000L) {
					this.out.printf(Locale.ROOT, "Flow %d timed out.%n", flow.id());
					return;
				}
				if (!bi && now - intervalStart >= 1_000_000_000L) {
					report(flow, packets - reported, bytes - reportedBytes, now - intervalStart);
					reported = packets;
					reportedBytes = bytes;
					intervalStart = now;
				}
			}
		}
		finally {
			if (bi) {
				this.packets.addAndGet(packets);
			}
			else if (packets > reported) {
				report(flow, packets - reported, bytes - reportedBytes, System.nanoTime() - intervalStart);
			}
		}
	}

	private void report(Flow flow, long packets, long bytes, long nanos) {
		double us = Math.max(1, nanos / 1000);
		this.out.printf(Locale.ROOT, "Flow %4d: %9d packets (%12d bytes) in %9d ms => %9.4f pps, %9.4f Mbps%n",
				flow.id(), packets, bytes, (long) us / 1000, packets / us * 1e6, 8 * bytes / us);
		this.packets.addAndGet(packets);
	}

}
