package rocks.ouroboros.tools.cbr;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowException;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.QosSpec;
import rocks.ouroboros.tools.Pacing;
import rocks.ouroboros.tools.Progress;

/**
 * The sender of {@code ocbr}: packets of a fixed size whose first 8 bytes are a sequence number
 * in host byte order, at a constant bit rate or as fast as the flow takes them, for a duration.
 * One direct buffer is reused; the loop allocates nothing.
 */
public final class CbrClient {

	private final CbrOptions options;

	private final PrintStream out;

	private final Progress progress;

	private volatile boolean stop;

	public CbrClient(CbrOptions options, PrintStream out, PrintStream err) {
		this.options = options;
		this.out = out;
		this.progress = new Progress(err, "packets sent", options.progress());
	}

	/** Makes a running {@link #run} end after the packet in flight. */
	public void stop() {
		this.stop = true;
	}

	/**
	 * Sends for the duration of the options and prints {@code ocbr}'s statistics line.
	 * @return the packets sent
	 */
	public CbrResult run(Ouroboros ouroboros) {
		CbrOptions o = this.options;
		this.out.printf(Locale.ROOT, "Client started, duration %d, rate %d b/s, size %d B.%n", o.durationSeconds(),
				o.rate(), o.size());
		ByteBuffer buffer = ByteBuffer.allocateDirect(Math.max(o.size(), Long.BYTES)).order(ByteOrder.nativeOrder());
		long packets = 0;
		long start;
		long end;
		try (Flow flow = ouroboros.alloc(o.serverName(), QosSpec.RAW, null)) {
			long gap = o.gapNanos();
			long durationNanos = o.durationSeconds() * 1_000_000_000L;
			start = System.nanoTime();
			this.progress.start(start);
			long now = start;
			try {
				while (!this.stop && now - start < durationNanos) {
					buffer.clear();
					if (o.size() >= Long.BYTES) {
						buffer.putLong(0, packets);
					}
					buffer.limit(o.size());
					flow.write(buffer);
					packets++;
					if (!o.flood()) {
						Pacing.pause(now, gap, o.sleep());
					}
					now = System.nanoTime();
					this.progress.tick(now, packets);
				}
			}
			catch (FlowException ex) {
				this.out.println("Write failed: " + ex.getMessage());
			}
			end = System.nanoTime();
		}
		CbrResult result = new CbrResult(packets, (long) packets * o.size(), end - start);
		result.print(this.out);
		return result;
	}

	/**
	 * What a sender sent.
	 *
	 * @param packets packets written
	 * @param bytes bytes written
	 * @param elapsedNanos how long it took
	 */
	public record CbrResult(long packets, long bytes, long elapsedNanos) {

		/** Packets per second. */
		public double packetsPerSecond() {
			return (this.elapsedNanos > 0) ? this.packets * 1e9 / this.elapsedNanos : 0;
		}

		/** Megabits per second. */
		public double megabitsPerSecond() {
			return (this.elapsedNanos > 0) ? this.bytes * 8 * 1e3 / this.elapsedNanos : 0;
		}

		/** {@code ocbr}'s line, then packets per second (which {@code ocbr} does not print). */
		public void print(PrintStream out) {
			long ms = this.elapsedNanos / 1_000_000;
			out.printf(Locale.ROOT, "sent statistics: %9d packets, %12d bytes in %9d ms, %4.4f Mb/s%n", this.packets,
					this.bytes, ms, megabitsPerSecond());
			out.printf(Locale.ROOT, "%.0f packets/s%n", packetsPerSecond());
		}

	}

}
