package rocks.ouroboros.tools.ping;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PingMessageTests {

	private static final boolean LITTLE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

	@Test
	void requestLaysOutTypeAndIdInNetworkOrderAndTimesInHostOrderAsStructOpingMsg() {
		ByteBuffer buffer = ByteBuffer.allocate(64);
		PingMessage.writeRequest(buffer, 0x01020304, 7_000_000_000L + 0x0A0B0C);

		byte[] bytes = buffer.array();
		assertThat(bytes).startsWith(0, 0, 0, 0, 1, 2, 3, 4);
		assertThat(slice(bytes, 8, 8)).containsExactly(hostLong(7));
		assertThat(slice(bytes, 16, 8)).containsExactly(hostLong(0x0A0B0C));
		assertThat(slice(bytes, 24, 40)).containsOnly(0);
	}

	@Test
	void decodesAPacketAsOpingsServerSendsIt() {
		byte[] packet = new byte[64];
		packet[3] = 1; // type ECHO_REPLY, htonl
		packet[6] = 0x12; // id 0x1234, htonl
		packet[7] = 0x34;
		System.arraycopy(hostLong(3), 0, packet, 8, 8);
		System.arraycopy(hostLong(500), 0, packet, 16, 8);
		ByteBuffer direct = ByteBuffer.allocateDirect(64);
		direct.put(packet).clear();

		assertThat(PingMessage.type(direct)).isEqualTo(PingMessage.ECHO_REPLY);
		assertThat(PingMessage.id(direct)).isEqualTo(0x1234);
		assertThat(PingMessage.sentNanos(direct)).isEqualTo(3_000_000_500L);
	}

	@Test
	void decodingDoesNotDependOnTheBuffersByteOrder() {
		ByteBuffer big = ByteBuffer.allocate(64);
		PingMessage.writeRequest(big, 42, 123_456_789_012L);
		ByteBuffer little = ByteBuffer.wrap(big.array()).order(ByteOrder.LITTLE_ENDIAN);

		assertThat(PingMessage.id(little)).isEqualTo(42);
		assertThat(PingMessage.sentNanos(little)).isEqualTo(123_456_789_012L);
		assertThat(PingMessage.type(little)).isEqualTo(PingMessage.ECHO_REQUEST);
	}

	@Test
	void settingTheReplyTypeChangesOnlyTheFirstFourBytes() {
		ByteBuffer buffer = ByteBuffer.allocate(64);
		PingMessage.writeRequest(buffer, 9, 1_000_000_001L);
		byte[] before = buffer.array().clone();

		PingMessage.setType(buffer, PingMessage.ECHO_REPLY);

		assertThat(slice(buffer.array(), 0, 4)).containsExactly(0, 0, 0, 1);
		assertThat(slice(buffer.array(), 4, 60)).containsExactly(slice(before, 4, 60));
	}

	@Test
	void headerIsTheSizeOfThePackedCStruct() {
		assertThat(PingMessage.HEADER_BYTES).isEqualTo(4 + 4 + 8 + 8);
	}

	private static byte[] hostLong(long value) {
		byte[] bytes = new byte[8];
		for (int i = 0; i < 8; i++) {
			int shift = LITTLE ? 8 * i : 8 * (7 - i);
			bytes[i] = (byte) (value >>> shift);
		}
		return bytes;
	}

	private static byte[] slice(byte[] bytes, int from, int length) {
		byte[] part = new byte[length];
		System.arraycopy(bytes, from, part, 0, length);
		return part;
	}

}
