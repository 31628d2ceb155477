package rocks.ouroboros.jna;

import java.time.Duration;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import org.jspecify.annotations.Nullable;

import rocks.ouroboros.flow.QosSpec;

/**
 * Native memory for the small arguments of one thread's calls (a {@code struct timespec}, a
 * {@code qosspec_t}, an out-parameter), allocated once per thread so that calls allocate none.
 * Layout: timespec at 0, qosspec at 16, out-parameter at 64.
 */
final class Scratch {

	/** {@code sizeof(qosspec_t)} and its field offsets on LP64 (checked by StructLayoutTests). */
	static final int QOS_SIZE = 40;

	static final int QOS_DELAY = 0;

	static final int QOS_BANDWIDTH = 8;

	static final int QOS_AVAILABILITY = 16;

	static final int QOS_LOSS = 20;

	static final int QOS_BER = 24;

	static final int QOS_IN_ORDER = 28;

	static final int QOS_MAX_GAP = 32;

	static final int QOS_TIMEOUT = 36;

	/** {@code sizeof(struct timespec)}: {@code tv_sec} at 0, {@code tv_nsec} at 8. */
	static final int TIMESPEC_SIZE = 16;

	private static final int TIMESPEC = 0;

	private static final int QOS = 16;

	private static final int OUT = 64;

	private static final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

	private final Memory memory = new Memory(128);

	private final long address = Pointer.nativeValue(this.memory);

	/** The out-parameter and the timespec as pointers for {@code fccntl}, made once: a share per call would allocate. */
	private final Pointer outPointer = this.memory.share(OUT);

	private final Pointer timespecPointer = this.memory.share(TIMESPEC);

	private Scratch() {
		this.memory.clear();
	}

	static Scratch get() {
		return scratch.get();
	}

	/** A {@code struct timespec} of {@code nanos}, or 0 (NULL) for a negative value (no timeout). */
	long timespec(long nanos) {
		if (nanos < 0) {
			return 0;
		}
		this.memory.setLong(TIMESPEC, nanos / 1_000_000_000L);
		this.memory.setLong(TIMESPEC + 8, nanos % 1_000_000_000L);
		return this.address + TIMESPEC;
	}

	/** The timespec written by a get call, in nanoseconds. */
	long timespecNanos() {
		return this.memory.getLong(TIMESPEC) * 1_000_000_000L + this.memory.getLong(TIMESPEC + 8);
	}

	/** A {@code qosspec_t} holding {@code qos}. */
	long qos(QosSpec qos) {
		this.memory.setInt(QOS + QOS_DELAY, (int) qos.delayMillis());
		this.memory.setLong(QOS + QOS_BANDWIDTH, qos.bandwidth());
		this.memory.setByte(QOS + QOS_AVAILABILITY, (byte) qos.availability());
		this.memory.setInt(QOS + QOS_LOSS, (int) qos.loss());
		this.memory.setInt(QOS + QOS_BER, (int) qos.ber());
		this.memory.setByte(QOS + QOS_IN_ORDER, (byte) (qos.inOrder() ? 1 : 0));
		this.memory.setInt(QOS + QOS_MAX_GAP, (int) qos.maxGapMillis());
		this.memory.setInt(QOS + QOS_TIMEOUT, (int) qos.timeoutMillis());
		return this.address + QOS;
	}

	/** The {@code qosspec_t} written by a call. */
	QosSpec readQos() {
		return new QosSpec(this.memory.getInt(QOS + QOS_DELAY) & 0xFFFF_FFFFL, this.memory.getLong(QOS + QOS_BANDWIDTH),
				this.memory.getByte(QOS + QOS_AVAILABILITY) & 0xFF, this.memory.getInt(QOS + QOS_LOSS) & 0xFFFF_FFFFL,
				this.memory.getInt(QOS + QOS_BER) & 0xFFFF_FFFFL, this.memory.getByte(QOS + QOS_IN_ORDER) != 0,
				this.memory.getInt(QOS + QOS_MAX_GAP) & 0xFFFF_FFFFL, this.memory.getInt(QOS + QOS_TIMEOUT) & 0xFFFF_FFFFL);
	}

	/** The out-parameter, cleared. */
	Pointer out() {
		this.memory.setLong(OUT, 0);
		return this.outPointer;
	}

	/** The out-parameter as a {@code uint32_t}. */
	int outInt() {
		return this.memory.getInt(OUT);
	}

	/** The out-parameter as a {@code uint16_t}. */
	int outShort() {
		return this.memory.getShort(OUT) & 0xFFFF;
	}

	/** The out-parameter as a {@code size_t}. */
	long outLong() {
		return this.memory.getLong(OUT);
	}

	/** A {@code struct timespec} of {@code nanos} as a pointer, for {@code fccntl}. */
	Pointer timespecPointer(long nanos) {
		timespec(nanos);
		return this.timespecPointer;
	}

	/** Nanoseconds of a timeout, saturated; -1 for none. */
	static long nanos(@Nullable Duration timeout) {
		if (timeout == null) {
			return -1;
		}
		try {
			return timeout.toNanos();
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE;
		}
	}

}
