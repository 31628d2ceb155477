package rocks.ouroboros.jna.irm;

/** The kinds of IPC process ({@code enum ipcp_type}); the order is upstream's. */
public enum IpcpType {

	/** A layer inside this machine. */
	LOCAL,

	/** The general recursive layer: routing, a directory, enrolment. */
	UNICAST,

	/** A layer where every packet reaches every member. */
	BROADCAST,

	/** Over Ethernet with IEEE 802.2 LLC. */
	ETH_LLC,

	/** Over Ethernet with DIX frames. */
	ETH_DIX,

	/** Over UDP/IPv4. */
	UDP4,

	/** Over UDP/IPv6. */
	UDP6;

	/** The upstream value. */
	public int code() {
		return ordinal();
	}

	/** The type of an upstream value. */
	public static IpcpType fromCode(int code) {
		IpcpType[] types = values();
		if (code < 0 || code >= types.length) {
			throw new IllegalArgumentException("unknown IPCP type " + code);
		}
		return types[code];
	}

}
