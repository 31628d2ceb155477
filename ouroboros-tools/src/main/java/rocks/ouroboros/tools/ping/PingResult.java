package rocks.ouroboros.tools.ping;

import java.io.PrintStream;
import java.util.Locale;

import rocks.ouroboros.tools.LatencyStats;

/**
 * What a ping run saw.
 *
 * @param serverName the name pinged
 * @param sent echo requests written
 * @param received echo replies read
 * @param outOfOrder replies that came after a later one
 * @param elapsedNanos from the first request to the end of the run
 * @param rtt the round-trip times
 * @param allocatedBytesPerRoundTrip heap bytes the client's packet loop allocated per round trip
 * (flood modes, where one thread does it all), or NaN where that is not known
 * @param cpuNanosPerRoundTrip CPU time (user and kernel) the client's packet loop used per round trip,
 * in the same modes; a figure that shared, noisy machines disturb far less than the rate
 */
public record PingResult(String serverName, long sent, long received, long outOfOrder, long elapsedNanos,
		LatencyStats rtt, double allocatedBytesPerRoundTrip, double cpuNanosPerRoundTrip) {

	/** Replies per second over the run. */
	public double roundTripsPerSecond() {
		return (this.elapsedNanos > 0) ? this.received * 1e9 / this.elapsedNanos : 0;
	}

	/**
	 * Prints {@code oping}'s statistics, line for line, then a line of percentiles and the rate
	 * (which {@code oping} does not print).
	 */
	public void print(PrintStream out) {
		out.println();
		out.printf(Locale.ROOT, "--- %s ping statistics ---%n", this.serverName);
		double loss = (this.sent == 0) ? 0 : Math.ceil(100 - (100 * (this.received / (float) this.sent)));
		out.printf(Locale.ROOT, "%d packets transmitted, %d received, %d out-of-order, %.0f%% packet loss, time: %.3f ms%n",
				this.sent, this.received, this.outOfOrder, loss, (this.elapsedNanos / 1000) / 1000.0);
		if (this.received > 0) {
			double a = this.rtt.avgMillis();
			double f = (a < 0.1) ? 1000 : 1;
			String unit = (a < 0.1) ? "µs" : "ms";
			out.printf(Locale.ROOT, "rtt min/avg/max/mdev = %.3f/%.3f/%.3f/", this.rtt.minMillis() * f, a * f,
					this.rtt.maxMillis() * f);
			if (this.received > 1) {
				out.printf(Locale.ROOT, "%.3f %s%n", this.rtt.mdevMillis() * f, unit);
			}
			else {
				out.printf(Locale.ROOT, "NaN %s%n", unit);
			}
			out.printf(Locale.ROOT, "rtt p50/p90/p99/p99.9 = %.3f/%.3f/%.3f/%.3f µs%n",
					this.rtt.percentileNanos(50) / 1000.0, this.rtt.percentileNanos(90) / 1000.0,
					this.rtt.percentileNanos(99) / 1000.0, this.rtt.percentileNanos(99.9) / 1000.0);
		}
		out.printf(Locale.ROOT, "%.0f round trips/s%n", roundTripsPerSecond());
		if (!Double.isNaN(this.allocatedBytesPerRoundTrip)) {
			out.printf(Locale.ROOT, "client thread allocated %.2f bytes per round trip%n", this.allocatedBytesPerRoundTrip);
		}
		if (!Double.isNaN(this.cpuNanosPerRoundTrip)) {
			out.printf(Locale.ROOT, "client thread used %.0f ns of CPU per round trip%n", this.cpuNanosPerRoundTrip);
		}
	}

}
