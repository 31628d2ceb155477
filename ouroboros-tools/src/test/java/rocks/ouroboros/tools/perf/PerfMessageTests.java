package rocks.ouroboros.tools.perf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PerfMessageTests {

	private static final boolean LITTLE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

	@Test
	void confIsFourBytesOfTestTypeInHostOrderAsStructConf() {
		ByteBuffer buffer = ByteBuffer.allocate(16);
		PerfMessage.writeConf(buffer, PerfMessage.TEST_BI);

		assertThat(buffer.remaining()).isEqualTo(4);
		byte[] conf = new byte[4];
		buffer.get(conf);
		assertThat(conf).containsExactly(LITTLE ? new byte[] { 1, 0, 0, 0 } : new byte[] { 0, 0, 0, 1 });
	}

	@Test
	void dataPacketsStartWithTheirIdInHostOrder() {
		ByteBuffer buffer = ByteBuffer.allocateDirect(64);
		PerfMessage.setId(buffer, 0x0102);

		assertThat(buffer.get(0)).isEqualTo(LITTLE ? (byte) 0x02 : 0);
		assertThat(buffer.get(LITTLE ? 1 : 2)).isEqualTo((byte) 0x01);
		assertThat(PerfMessage.id(buffer)).isEqualTo(0x0102);
	}

	@Test
	void readsTheTestTypeOperfWrites() {
		ByteBuffer buffer = ByteBuffer.allocate(4);
		buffer.put(LITTLE ? new byte[] { 1, 0, 0, 0 } : new byte[] { 0, 0, 0, 1 });

		assertThat(PerfMessage.testType(buffer)).isEqualTo(PerfMessage.TEST_BI);
	}

}
