package rocks.ouroboros.jna;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.QosSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write contract of {@link Flow} that both backends share, on real Ouroboros: a write of zero
 * bytes sends nothing and returns 0 (as on the embedded layer and upstream), it does not throw.
 */
@NativeOuroboros
class NativeWriteContractTests {

	private static final String peerName = "jrel-peer-" + UUID.randomUUID().toString().substring(0, 8);

	private static Peer peer;

	private Ouroboros ouroboros;

	private Flow flow;

	@BeforeAll
	static void startPeer() throws Exception {
		peer = Peer.start();
		peer.ok("bind " + peerName);
	}

	@AfterAll
	static void stopPeer() {
		if (peer != null) {
			peer.close();
		}
	}

	@BeforeEach
	void allocateToThePeer() {
		this.ouroboros = NativeBackend.open(NativeSettings.defaults());
		peer.post("accept");
		this.flow = this.ouroboros.alloc(peerName, QosSpec.RAW, Duration.ofSeconds(10));
		assertThat(peer.answer(30)).isEqualTo("ok");
	}

	@AfterEach
	void close() {
		this.ouroboros.close();
	}

	@Test
	void aWriteOfZeroBytesSendsNothingAndReturnsZero() {
		assertThat(this.flow.write(new byte[0])).isZero();
		assertThat(this.flow.write(ByteBuffer.allocateDirect(0))).isZero();
		assertThat(this.flow.write(ByteBuffer.allocate(4).asReadOnlyBuffer().position(4))).isZero();
		this.flow.write("after".getBytes(StandardCharsets.UTF_8));
		assertThat(peer.ok("read")).isEqualTo("after");
	}

}
