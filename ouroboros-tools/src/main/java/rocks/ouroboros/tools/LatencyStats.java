package rocks.ouroboros.tools;

import java.util.Arrays;

/**
 * Round-trip times: min, average, max and mean deviation computed as upstream's {@code oping}
 * does (Welford's method over milliseconds truncated to whole microseconds), and percentiles
 * from a log-linear histogram of nanoseconds whose buckets are at most 1/32 (about 3 %) wide.
 * Recording allocates nothing. One thread records at a time.
 */
public final class LatencyStats {

	private static final int SUB_BUCKET_BITS = 5;

	private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;

	private final long[] counts = new long[64 * SUB_BUCKETS];

	private long count;

	private double minMillis = Double.MAX_VALUE;

	private double maxMillis;

	private double avgMillis;

	private double m2;

	/** Records one round trip of {@code nanos} nanoseconds. */
	public void record(long nanos) {
		long value = Math.max(nanos, 0);
		double ms = (value / 1000) / 1000.0;
		this.count++;
		if (ms < this.minMillis) {
			this.minMillis = ms;
		}
		if (ms > this.maxMillis) {
			this.maxMillis = ms;
		}
		double d = ms - this.avgMillis;
		this.avgMillis += d / this.count;
		this.m2 += d * (ms - this.avgMillis);
		this.counts[bucket(value)]++;
	}

	/** Round trips recorded. */
	public long count() {
		return this.count;
	}

	/** The smallest round trip in milliseconds; 0 when none was recorded. */
	public double minMillis() {
		return (this.count == 0) ? 0 : this.minMillis;
	}

	/** The largest round trip in milliseconds. */
	public double maxMillis() {
		return this.maxMillis;
	}

	/** The mean round trip in milliseconds. */
	public double avgMillis() {
		return this.avgMillis;
	}

	/** The standard deviation in milliseconds, as {@code oping}'s mdev; NaN below two samples. */
	public double mdevMillis() {
		return (this.count > 1) ? Math.sqrt(this.m2 / (this.count - 1)) : Double.NaN;
	}

	/**
	 * The round trip that {@code percent} percent of the samples do not exceed, in nanoseconds:
	 * the upper edge of its histogram bucket (so at most about 3 % high); 0 when none was recorded.
	 */
	public long percentileNanos(double percent) {
		if (percent < 0 || percent > 100) {
			throw new IllegalArgumentException("percent must be 0..100, was " + percent);
		}
		if (this.count == 0) {
			return 0;
		}
		long rank = Math.max(1, (long) Math.ceil(this.count * percent / 100.0));
		long seen = 0;
		for (int i = 0; i < this.counts.length; i++) {
			seen += this.counts[i];
			if (seen >= rank) {
				return upperEdge(i);
			}
		}
		return upperEdge(this.counts.length - 1);
	}

	/** Forgets every sample. */
	public void reset() {
		Arrays.fill(this.counts, 0);
		this.count = 0;
		this.minMillis = Double.MAX_VALUE;
		this.maxMillis = 0;
		this.avgMillis = 0;
		this.m2 = 0;
	}

	static int bucket(long value) {
		if (value < SUB_BUCKETS) {
			return (int) value;
		}
		int magnitude = 63 - Long.numberOfLeadingZeros(value);
		int shift = magnitude - SUB_BUCKET_BITS;
		int sub = (int) (value >>> shift) & (SUB_BUCKETS - 1);
		return (shift + 1) * SUB_BUCKETS + sub;
	}

	static long upperEdge(int bucket) {
		if (bucket < SUB_BUCKETS) {
			return bucket;
		}
		int shift = bucket / SUB_BUCKETS - 1;
		long sub = bucket % SUB_BUCKETS;
		return ((SUB_BUCKETS + sub + 1) << shift) - 1;
	}

}
