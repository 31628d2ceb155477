package rocks.ouroboros.tools.perf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The packets of upstream's {@code operf}: first {@code struct conf} (packed, 4 bytes:
 * {@code u32 test_type}, 0 one-way, 1 echoed), then data packets of the test size that start
 * with {@code struct msg} ({@code u32 id}). Both are in host byte order: {@code operf} does not
 * convert them. Accessors are absolute and allocate nothing.
 */
public final class PerfMessage {

	/** {@code TEST_TYPE_UNI}. */
	public static final int TEST_UNI = 0;

	/** {@code TEST_TYPE_BI}. */
	public static final int TEST_BI = 1;

	/** {@code sizeof(struct conf)}. */
	public static final int CONF_BYTES = 4;

	/** The smallest data packet {@code operf} sends. */
	public static final int MIN_SIZE = 64;

	/** {@code OPERF_BUF_SIZE}: the largest data packet and the read buffer. */
	public static final int MAX_SIZE = 1024 * 1024;

	private PerfMessage() {
	}

	/** Writes the configuration packet's bytes into {@code buffer} and flips it for writing. */
	public static void writeConf(ByteBuffer buffer, int testType) {
		buffer.clear();
		buffer.putInt(0, hostOrder(buffer, testType));
		buffer.limit(CONF_BYTES);
	}

	/** The test type of a configuration packet. */
	public static int testType(ByteBuffer buffer) {
		return hostOrder(buffer, buffer.getInt(0));
	}

	/** Stamps a data packet with its number. */
	public static void setId(ByteBuffer buffer, int id) {
		buffer.putInt(0, hostOrder(buffer, id));
	}

	/** The number of a data packet. */
	public static int id(ByteBuffer buffer) {
		return hostOrder(buffer, buffer.getInt(0));
	}

	/** An int read or written with the buffer's order, turned into or out of host order. */
	private static int hostOrder(ByteBuffer buffer, int value) {
		return (buffer.order() == ByteOrder.nativeOrder()) ? value : Integer.reverseBytes(value);
	}

}
