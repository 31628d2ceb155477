package rocks.ouroboros.tools.perf;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;

import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowException;
import rocks.ouroboros.flow.FlowFlag;
import rocks.ouroboros.flow.FlowTimeoutException;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.QosSpec;
import rocks.ouroboros.tools.Pacing;
import rocks.ouroboros.tools.Progress;

/**
 * The client of {@code operf}: sends the configuration packet, waits a second as {@code operf}
 * does, then sends numbered packets for the duration; in an echo test a reader counts the
 * packets that come back. (Upstream's 0.23 client never enters its send loop; this one sends.)
 * Buffers are direct and reused; the loops allocate nothing.
 */
public final class PerfClient {

	private final PerfOptions options;

	private final PrintStream out;

	private final Progress progress;

	private final Duration settle;

	private volatile boolean stop;

	private volatile boolean writerDone;

	private volatile long sent;

	private volatile long received;

	public PerfClient(PerfOptions options, PrintStream out, PrintStream err) {
		this(options, out, err, Duration.ofSeconds(1));
	}

	/**
	 * @param settle how long to wait between the configuration and the first packet ({@code operf}
	 * waits a second so that the server can add the flow to its set)
	 */
	public PerfClient(PerfOptions options, PrintStream out, PrintStream err, Duration settle) {
		this.options = options;
		this.out = out;
		this.progress = new Progress(err, "packets sent", options.progress());
		this.settle = settle;
	}

	/** Makes a running {@link #run} end after the packet in flight. */
	public void stop() {
		this.stop = true;
	}

	/** Runs the test and prints its statistics. */
	public PerfResult run(Ouroboros ouroboros) throws InterruptedException {
		PerfOptions o = this.options;
		try (Flow flow = ouroboros.alloc(o.serverName(), QosSpec.RAW, null)) {
			this.out.println(o.bidirectional() ? "Doing a bidirectional test." : "Doing a unidirectional test.");
			ByteBuffer conf = ByteBuffer.allocateDirect(PerfMessage.CONF_BYTES);
			PerfMessage.writeConf(conf, o.bidirectional() ? PerfMessage.TEST_BI : PerfMessage.TEST_UNI);
			flow.write(conf);
			Thread.sleep(this.settle.toMillis());
			long start = System.nanoTime();
			Thread reader = null;
			if (o.bidirectional()) {
				reader = new Thread(() -> read(flow), "operf-reader");
				reader.setDaemon(true);
				reader.start();
			}
			write(flow);
			long end = System.nanoTime();
			if (reader != null) {
				reader.join();
				end = System.nanoTime();
			}
			PerfResult result = new PerfResult(o.serverName(), o.bidirectional(), o.size(), this.sent, this.received,
					end - start);
			result.print(this.out);
			return result;
		}
	}

	private void write(Flow flow) {
		PerfOptions o = this.options;
		ByteBuffer buffer = ByteBuffer.allocateDirect(o.size());
		if (o.flood()) {
			this.out.printf(Locale.ROOT, "Flooding %s with %d byte packets for %d seconds.%n%n", o.serverName(),
					o.size(), o.durationMillis() / 1000);
		}
		else {
			this.out.printf(Locale.ROOT, "Sending %d byte packets for %d s to %s at %.3f Mb/s.%n%n", o.size(),
					o.durationMillis() / 1000, o.serverName(), o.rate() / 1e6);
		}
		long gap = o.gapNanos();
		long start = System.nanoTime();
		long durationNanos = o.durationMillis() * 1_000_000L;
		this.progress.start(start);
		long now = start;
		long sent = 0;
		try {
			while (!this.stop && now - start < durationNanos) {
				buffer.clear();
				PerfMessage.setId(buffer, (int) sent);
				flow.write(buffer);
				this.sent = ++sent;
				if (!o.flood()) {
					Pacing.pause(now, gap, o.sleep());
				}
				now = System.nanoTime();
				this.progress.tick(now, sent);
			}
			this.out.println("Test finished.");
		}
		catch (FlowException ex) {
			this.out.println("Failed to send packet.");
		}
		finally {
			this.writerDone = true;
		}
	}

	private void read(Flow flow) {
		ByteBuffer buffer = ByteBuffer.allocateDirect(PerfMessage.MAX_SIZE);
		flow.setFlags(EnumSet.of(FlowFlag.READ_WRITE, FlowFlag.READ_NO_PARTIAL));
		flow.setReadTimeout(Duration.ofMillis(200));
		long silentSince = System.nanoTime();
		long received = 0;
		try {
			while (!this.stop && !(this.writerDone && received >= this.sent)) {
				buffer.clear();
				int n;
				try {
					n = flow.read(buffer);
				}
				catch (FlowTimeoutException ex) {
					if (System.nanoTime() - silentSince > 2_000_000_000L) {
						this.out.println("Server timed out.");
						return;
					}
					continue;
				}
				silentSince = System.nanoTime();
				if (n != this.options.size()) {
					this.out.printf(Locale.ROOT, "Invalid message on fd %d.%n", flow.id());
					continue;
				}
				this.received = ++received;
			}
		}
		catch (FlowException ex) {
			this.out.println("Read failed: " + ex.getMessage());
		}
	}

	/**
	 * What a test saw.
	 *
	 * @param serverName the server's name
	 * @param bidirectional whether packets were echoed
	 * @param size packet size
	 * @param sent packets sent
	 * @param received packets echoed back (0 in a one-way test)
	 * @param elapsedNanos how long the test took
	 */
	public record PerfResult(String serverName, boolean bidirectional, int size, long sent, long received,
			long elapsedNanos) {

		/** {@code operf}'s statistics for an echo test; for a one-way test what was sent. */
		public void print(PrintStream out) {
			double us = Math.max(1, this.elapsedNanos / 1000);
			if (this.bidirectional) {
				out.println();
				out.printf(Locale.ROOT, "--- %s perf statistics ---%n", this.serverName);
				out.printf(Locale.ROOT, "%d packets transmitted, %d received, %d%% packet loss, time: %.3f ms, "
						+ "bandwidth: %.3f Mb/s.%n", this.sent, this.received,
						(this.sent == 0) ? 0 : 100 - ((100 * this.received) / this.sent), us / 1000.0,
						(this.received * this.size * 8) / us);
			}
			else {
				out.printf(Locale.ROOT, "%d packets sent in %.3f ms: %.0f packets/s, %.3f Mb/s.%n", this.sent,
						us / 1000.0, this.sent / us * 1e6, (this.sent * this.size * 8) / us);
			}
		}

	}

}
