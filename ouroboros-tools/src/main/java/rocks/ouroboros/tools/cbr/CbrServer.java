package rocks.ouroboros.tools.cbr;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowException;
import rocks.ouroboros.flow.FlowFlag;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.tools.ToolServer;

/**
 * The receiver of {@code ocbr}: binds the name, accepts up to {@value #MAX_FLOWS} flows at once,
 * counts what arrives on each and prints {@code ocbr}'s report line every interval; a flow
 * silent for the timeout is reported and deallocated. Each flow has a thread and a reused
 * direct buffer.
 */
public final class CbrServer extends ToolServer<CbrServer> {

	/** {@code THREADS_SIZE}: flows served at once. */
	public static final int MAX_FLOWS = 10;

	private static final Duration READ_SLICE = Duration.ofMillis(100);

	private final CbrOptions options;

	private final AtomicLong packets = new AtomicLong();

	private final AtomicLong bytes = new AtomicLong();

	/**
	 * @param ouroboros the process to serve from; the server binds it to the options' name
	 * @param options receiver options ({@code -l}, {@code -n}, {@code -i}, {@code -t})
	 * @param out where {@code ocbr}'s server lines go
	 */
	public CbrServer(Ouroboros ouroboros, CbrOptions options, PrintStream out) {
		super(ouroboros, options.serverName(), "ocbr", MAX_FLOWS, out);
		this.options = options;
	}

	@Override
	protected String startedLine() {
		return String.format(Locale.ROOT, "Server started, interval is %d s, timeout is %d s.",
				this.options.reportSeconds(), this.options.timeoutSeconds());
	}

	@Override
	protected String newFlowLine(Flow flow) {
		return "New flow.";
	}

	/** Packets received on flows that ended, and on running flows up to their last report. */
	public long packets() {
		return this.packets.get();
	}

	/** Bytes received, counted as {@link #packets()}. */
	public long bytes() {
		return this.bytes.get();
	}

	@Override
	protected void serve(Flow flow) {
		ByteBuffer buffer = ByteBuffer.allocateDirect(CbrOptions.MAX_SIZE);
		long intervalNanos = this.options.reportSeconds() * 1_000_000_000L;
		long timeoutNanos = this.options.timeoutSeconds() * 1_000_000_000L;
		long packets = 0;
		long bytes = 0;
		long reportedPackets = 0;
		long reportedBytes = 0;
		// as ocbr: a packet as large as the buffer is one packet, not one followed by an empty read
		flow.setFlags(EnumSet.of(FlowFlag.READ_WRITE, FlowFlag.READ_NO_PARTIAL));
		flow.setReadTimeout(READ_SLICE);
		long intervalStart = System.nanoTime();
		long alive = intervalStart;
		boolean done = false;
		while (!done) {
			long now = System.nanoTime();
			int count;
			try {
				count = readSlice(flow, buffer);
			}
			catch (FlowException ex) {
				count = -1;
				done = true;
			}
			if (count > 0) {
				alive = System.nanoTime();
				packets++;
				bytes += count;
			}
			if (now - alive > timeoutNanos) {
				this.out.printf(Locale.ROOT, "Test on flow %d timed out%n", flow.id());
				done = true;
			}
			done |= stopping();
			if (done || now - intervalStart > intervalNanos) {
				long us = Math.max(1, (now - intervalStart) / 1000);
				long p = packets - reportedPackets;
				long b = bytes - reportedBytes;
				this.out.printf(Locale.ROOT, "Flow %4d: %9d packets (%12d bytes) in %9d ms => %9.4f pps, %9.4f Mbps%n",
						flow.id(), p, b, us / 1000, p / (double) us * 1_000_000, 8 * (b / (double) us));
				this.packets.addAndGet(p);
				this.bytes.addAndGet(b);
				reportedPackets = packets;
				reportedBytes = bytes;
				intervalStart += intervalNanos;
			}
		}
	}

}
