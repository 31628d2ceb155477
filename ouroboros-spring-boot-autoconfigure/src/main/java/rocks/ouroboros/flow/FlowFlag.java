package rocks.ouroboros.flow;

import java.util.EnumSet;
import java.util.Set;

/**
 * The flags of a flow ({@code FLOWF*} in upstream's {@code fccntl.h}). Exactly one access mode
 * ({@link #READ_ONLY}, {@link #WRITE_ONLY}, {@link #READ_WRITE}) is always in effect; the other
 * flags combine freely. New flows are {@code READ_WRITE} and {@code WRITE_NO_PARTIAL}.
 */
public enum FlowFlag {

	/** Access mode: reads only; writes fail with {@link FlowPermissionException}. */
	READ_ONLY(0),

	/** Access mode: writes only; reads fail with {@link FlowPermissionException}. */
	WRITE_ONLY(1),

	/** Access mode: reads and writes. */
	READ_WRITE(2),

	/** The flow is down; setting it tells the peer (a {@link FlowEventType#DOWN} event). */
	DOWN(4),

	/** Reads do not wait: a read with no packet waiting returns -1. */
	READ_NONBLOCK(01000),

	/** Writes do not wait: a write with no room throws {@link FlowWouldBlockException}. */
	WRITE_NONBLOCK(02000),

	/** A packet larger than the read buffer fails with {@link MessageTooLargeException}. */
	READ_NO_PARTIAL(010000),

	/** A write must go out as one packet. */
	WRITE_NO_PARTIAL(020000);

	private static final int ACCESS_MASK = 3;

	private final int bits;

	FlowFlag(int bits) {
		this.bits = bits;
	}

	/** The upstream bit value ({@code FLOWFRDWR}, ...). */
	public int bits() {
		return this.bits;
	}

	/** Whether this flag is one of the three access modes. */
	public boolean isAccessMode() {
		return this == READ_ONLY || this == WRITE_ONLY || this == READ_WRITE;
	}

	/** The flags upstream gives a new flow. */
	public static Set<FlowFlag> defaults() {
		return EnumSet.of(READ_WRITE, WRITE_NO_PARTIAL);
	}

	/** Upstream bits of a flag set; the set must hold one access mode. */
	public static int toBits(Set<FlowFlag> flags) {
		int bits = 0;
		for (FlowFlag flag : flags) {
			bits |= flag.bits;
		}
		return bits;
	}

	/** The flag set of upstream bits; unknown bits are ignored. */
	public static EnumSet<FlowFlag> fromBits(int bits) {
		EnumSet<FlowFlag> flags = EnumSet.noneOf(FlowFlag.class);
		switch (bits & ACCESS_MASK) {
			case 1 -> flags.add(WRITE_ONLY);
			case 2, 3 -> flags.add(READ_WRITE);
			default -> flags.add(READ_ONLY);
		}
		for (FlowFlag flag : values()) {
			if (!flag.isAccessMode() && (bits & flag.bits) != 0) {
				flags.add(flag);
			}
		}
		return flags;
	}

}
