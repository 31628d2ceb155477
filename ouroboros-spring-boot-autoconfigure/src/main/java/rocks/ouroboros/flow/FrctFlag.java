package rocks.ouroboros.flow;

import java.util.EnumSet;
import java.util.Set;

/**
 * The flags of the flow's reliable transport, FRCT ({@code FRCTF*} in upstream's
 * {@code fccntl.h}). Only flows whose QoS asks for FRCT ({@link QosSpec#inOrder()}) have them,
 * and they can only be cleared, never set.
 */
public enum FrctFlag {

	/** Retransmission of lost packets (QoS {@code loss = 0}); upstream's {@code FRCTFRTX}. */
	RETRANSMIT(1),

	/** Flow control: the receiver's window limits the sender; upstream's {@code FRCTFRESCNTL}. */
	RESOURCE_CONTROL(2),

	/** On dealloc, linger until what was sent is acknowledged. */
	LINGER(4);

	private final int bits;

	FrctFlag(int bits) {
		this.bits = bits;
	}

	/** The upstream bit value. */
	public int bits() {
		return this.bits;
	}

	/** Upstream bits of a flag set. */
	public static int toBits(Set<FrctFlag> flags) {
		int bits = 0;
		for (FrctFlag flag : flags) {
			bits |= flag.bits;
		}
		return bits;
	}

	/** The flag set of upstream bits; unknown bits are ignored. */
	public static EnumSet<FrctFlag> fromBits(int bits) {
		EnumSet<FrctFlag> flags = EnumSet.noneOf(FrctFlag.class);
		for (FrctFlag flag : values()) {
			if ((bits & flag.bits) != 0) {
				flags.add(flag);
			}
		}
		return flags;
	}

}
