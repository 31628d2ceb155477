package rocks.ouroboros.flow;

import java.time.Duration;

/**
 * What a flow asks of the layers below it: upstream's {@code qosspec_t}, field for field.
 * Fields that are unsigned 32-bit integers upstream accept {@code 0..4294967295}; bandwidth is
 * an unsigned 64-bit integer, of which {@code 0..Long.MAX_VALUE} and {@link #UNLIMITED_BANDWIDTH}
 * are accepted. Out-of-range values fail with an {@link IllegalArgumentException} naming the
 * field.
 * <p>
 * Start from a preset ({@link #RAW}, {@link #BEST_EFFORT}, ...) and change fields with
 * {@link #toBuilder()}, or build one from {@link #builder()} (which starts from {@link #RAW}).
 *
 * @param delayMillis largest tolerated delay in milliseconds ({@link #UINT32_MAX}: any)
 * @param bandwidth bandwidth to reserve in bits per second (0: none)
 * @param availability availability as a class of nines (0..255)
 * @param loss whether packets may be lost (0: retransmit, reliable)
 * @param ber tolerated bit error rate (0: no errors, checked)
 * @param inOrder deliver in order: turns on FRCT, the reliable transport
 * @param maxGapMillis largest gap between packets in milliseconds ({@link #UINT32_MAX}: any)
 * @param timeoutMillis peer timeout in milliseconds: the peer is presumed dead after this long
 * without a packet or keepalive (0: never)
 */
public record QosSpec(long delayMillis, long bandwidth, int availability, long loss, long ber, boolean inOrder,
		long maxGapMillis, long timeoutMillis) {

	/** The largest value of an unsigned 32-bit field. */
	public static final long UINT32_MAX = 0xFFFF_FFFFL;

	/** Bandwidth {@code UINT64_MAX} as upstream's video preset asks: the whole link. */
	public static final long UNLIMITED_BANDWIDTH = -1L;

	/** Upstream's default peer timeout: 120 s. */
	public static final long DEFAULT_PEER_TIMEOUT_MILLIS = 120_000;

	/** Raw packets: no ordering, no retransmission, errors tolerated (upstream's default). */
	public static final QosSpec RAW = new QosSpec(UINT32_MAX, 0, 0, 1, 1, false, UINT32_MAX,
			DEFAULT_PEER_TIMEOUT_MILLIS);

	/** Raw packets, but corrupt ones are dropped. */
	public static final QosSpec RAW_NO_ERRORS = new QosSpec(UINT32_MAX, 0, 0, 1, 0, false, UINT32_MAX,
			DEFAULT_PEER_TIMEOUT_MILLIS);

	/** In order, without retransmission. */
	public static final QosSpec BEST_EFFORT = new QosSpec(UINT32_MAX, 0, 0, 1, 0, true, UINT32_MAX,
			DEFAULT_PEER_TIMEOUT_MILLIS);

	/** Video: 100 ms delay, all the bandwidth, three nines. */
	public static final QosSpec VIDEO = new QosSpec(100, UNLIMITED_BANDWIDTH, 3, 1, 0, true, 100,
			DEFAULT_PEER_TIMEOUT_MILLIS);

	/** Voice: 50 ms delay, 100 kbit/s, five nines, 50 ms gaps at most. */
	public static final QosSpec VOICE = new QosSpec(50, 100_000, 5, 1, 0, true, 50, DEFAULT_PEER_TIMEOUT_MILLIS);

	/** Data: reliable and in order (retransmission), 1 s delay. */
	public static final QosSpec DATA = new QosSpec(1000, 0, 0, 0, 0, true, 2000, DEFAULT_PEER_TIMEOUT_MILLIS);

	public QosSpec {
		checkUint32("delayMillis", delayMillis);
		if (bandwidth < 0 && bandwidth != UNLIMITED_BANDWIDTH) {
			throw new IllegalArgumentException("QoS bandwidth must be 0.." + Long.MAX_VALUE
					+ " bit/s or UNLIMITED_BANDWIDTH, was " + bandwidth);
		}
		if (availability < 0 || availability > 255) {
			throw new IllegalArgumentException("QoS availability is an unsigned 8-bit class of nines (0..255), was "
					+ availability);
		}
		checkUint32("loss", loss);
		checkUint32("ber", ber);
		checkUint32("maxGapMillis", maxGapMillis);
		checkUint32("timeoutMillis", timeoutMillis);
	}

	private static void checkUint32(String field, long value) {
		if (value < 0 || value > UINT32_MAX) {
			throw new IllegalArgumentException(
					"QoS " + field + " is an unsigned 32-bit value (0.." + UINT32_MAX + "), was " + value);
		}
	}

	/** Whether the flow retransmits lost packets: FRCT with {@code loss = 0}. */
	public boolean isReliable() {
		return this.inOrder && this.loss == 0;
	}

	/** The peer timeout; {@link Duration#ZERO} when the peer is never presumed dead. */
	public Duration peerTimeout() {
		return Duration.ofMillis(this.timeoutMillis);
	}

	/** A builder that starts from this spec. */
	public Builder toBuilder() {
		return new Builder(this);
	}

	/** A builder that starts from {@link #RAW}. */
	public static Builder builder() {
		return new Builder(RAW);
	}

	/** Shorthand for {@code toBuilder().peerTimeout(timeout).build()}. */
	public QosSpec withPeerTimeout(Duration timeout) {
		return toBuilder().peerTimeout(timeout).build();
	}

	@Override
	public String toString() {
		return "QosSpec[delay=" + this.delayMillis + "ms, bandwidth=" + Long.toUnsignedString(this.bandwidth)
				+ "bit/s, availability=" + this.availability + ", loss=" + this.loss + ", ber=" + this.ber
				+ ", inOrder=" + this.inOrder + ", maxGap=" + this.maxGapMillis + "ms, timeout="
				+ this.timeoutMillis + "ms]";
	}

	/** Builds a {@link QosSpec}; every setter checks its range when {@link #build()} runs. */
	public static final class Builder {

		private long delayMillis;

		private long bandwidth;

		private int availability;

		private long loss;

		private long ber;

		private boolean inOrder;

		private long maxGapMillis;

		private long timeoutMillis;

		private Builder(QosSpec from) {
			this.delayMillis = from.delayMillis;
			this.bandwidth = from.bandwidth;
			this.availability = from.availability;
			this.loss = from.loss;
			this.ber = from.ber;
			this.inOrder = from.inOrder;
			this.maxGapMillis = from.maxGapMillis;
			this.timeoutMillis = from.timeoutMillis;
		}

		public Builder delayMillis(long delayMillis) {
			this.delayMillis = delayMillis;
			return this;
		}

		public Builder delay(Duration delay) {
			return delayMillis(toMillis("delay", delay));
		}

		public Builder bandwidth(long bitsPerSecond) {
			this.bandwidth = bitsPerSecond;
			return this;
		}

		public Builder availability(int availability) {
			this.availability = availability;
			return this;
		}

		public Builder loss(long loss) {
			this.loss = loss;
			return this;
		}

		public Builder ber(long ber) {
			this.ber = ber;
			return this;
		}

		public Builder inOrder(boolean inOrder) {
			this.inOrder = inOrder;
			return this;
		}

		public Builder maxGapMillis(long maxGapMillis) {
			this.maxGapMillis = maxGapMillis;
			return this;
		}

		public Builder maxGap(Duration maxGap) {
			return maxGapMillis(toMillis("maxGap", maxGap));
		}

		public Builder timeoutMillis(long timeoutMillis) {
			this.timeoutMillis = timeoutMillis;
			return this;
		}

		public Builder peerTimeout(Duration timeout) {
			return timeoutMillis(toMillis("timeout", timeout));
		}

		private static long toMillis(String field, Duration duration) {
			if (duration == null) {
				throw new IllegalArgumentException("QoS " + field + " must not be null");
			}
			if (duration.isNegative()) {
				throw new IllegalArgumentException("QoS " + field + " must not be negative, was " + duration);
			}
			return duration.compareTo(Duration.ofMillis(UINT32_MAX)) > 0 ? UINT32_MAX + 1 : duration.toMillis();
		}

		public QosSpec build() {
			return new QosSpec(this.delayMillis, this.bandwidth, this.availability, this.loss, this.ber, this.inOrder,
					this.maxGapMillis, this.timeoutMillis);
		}

	}

}
