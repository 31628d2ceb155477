package rocks.ouroboros.tools.ping;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The packet of upstream's {@code oping}, {@code struct oping_msg} (packed): {@code u32 type}
 * and {@code u32 id} in network byte order at offsets 0 and 4, then the sender's
 * {@code CLOCK_MONOTONIC} time as {@code u64 tv_sec} and {@code u64 tv_nsec} in host byte order
 * at 8 and 16, padded with zeros to the payload size. The server changes only the type; the
 * client reads its own timestamps back. Accessors are absolute and allocate nothing.
 */
public final class PingMessage {

	/** {@code ECHO_REQUEST}: client to server. */
	public static final int ECHO_REQUEST = 0;

	/** {@code ECHO_REPLY}: server to client. */
	public static final int ECHO_REPLY = 1;

	/** Bytes of the header: {@code sizeof(struct oping_msg)}. */
	public static final int HEADER_BYTES = 24;

	/** The smallest payload {@code oping} sends. */
	public static final int MIN_SIZE = 64;

	/** {@code OPING_BUF_SIZE}: the largest payload, and the read buffer of both ends. */
	public static final int MAX_SIZE = 1500;

	private static final int TYPE = 0;

	private static final int ID = 4;

	private static final int TV_SEC = 8;

	private static final int TV_NSEC = 16;

	private static final boolean HOST_IS_BIG_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN;

	private PingMessage() {
	}

	/**
	 * Writes an echo request header at the start of {@code buffer}.
	 * @param monotonicNanos the send time from {@link System#nanoTime()} (which is
	 * {@code CLOCK_MONOTONIC} on Linux)
	 */
	public static void writeRequest(ByteBuffer buffer, int id, long monotonicNanos) {
		setType(buffer, ECHO_REQUEST);
		buffer.putInt(ID, hostToNetwork(buffer, id));
		buffer.putLong(TV_SEC, hostOrder(buffer, monotonicNanos / 1_000_000_000L));
		buffer.putLong(TV_NSEC, hostOrder(buffer, monotonicNanos % 1_000_000_000L));
	}

	/** The type: {@link #ECHO_REQUEST} or {@link #ECHO_REPLY}. */
	public static int type(ByteBuffer buffer) {
		return hostToNetwork(buffer, buffer.getInt(TYPE));
	}

	/** Sets the type. */
	public static void setType(ByteBuffer buffer, int type) {
		buffer.putInt(TYPE, hostToNetwork(buffer, type));
	}

	/** The sequence number, unsigned in C: compare with {@link Integer#compareUnsigned}. */
	public static int id(ByteBuffer buffer) {
		return hostToNetwork(buffer, buffer.getInt(ID));
	}

	/** The send time in nanoseconds, as {@code tv_sec * 10^9 + tv_nsec}. */
	public static long sentNanos(ByteBuffer buffer) {
		return hostOrder(buffer, buffer.getLong(TV_SEC)) * 1_000_000_000L + hostOrder(buffer, buffer.getLong(TV_NSEC));
	}

	/** An int read or written with the buffer's order, turned into or out of network order. */
	private static int hostToNetwork(ByteBuffer buffer, int value) {
		return (buffer.order() == ByteOrder.BIG_ENDIAN) ? value : Integer.reverseBytes(value);
	}

	/** A long read or written with the buffer's order, turned into or out of host order. */
	private static long hostOrder(ByteBuffer buffer, long value) {
		boolean bufferIsBig = buffer.order() == ByteOrder.BIG_ENDIAN;
		return (bufferIsBig == HOST_IS_BIG_ENDIAN) ? value : Long.reverseBytes(value);
	}

}
