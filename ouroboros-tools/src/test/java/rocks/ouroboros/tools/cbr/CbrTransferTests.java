package rocks.ouroboros.tools.cbr;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import rocks.ouroboros.embedded.EmbeddedLayer;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.tools.cbr.CbrClient.CbrResult;

import static org.assertj.core.api.Assertions.assertThat;

class CbrTransferTests {

	private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

	private final EmbeddedLayer layer = EmbeddedLayer.create();

	private final ByteArrayOutputStream serverOut = new ByteArrayOutputStream();

	private final CbrServer server = new CbrServer(this.layer.newProcess("ocbr"),
			CbrOptions.parse("-l", "-n", "cbrtest", "-i", "1", "-t", "2"),
			new PrintStream(this.serverOut, true, StandardCharsets.UTF_8));

	@AfterEach
	void closeLayer() {
		this.server.close();
		this.layer.close();
	}

	@Test
	void theReceiverCountsEveryPacketAFloodingSenderSent() throws InterruptedException {
		this.server.start();
		Ouroboros sender = this.layer.newProcess("JavaCbr");
		ByteArrayOutputStream out = new ByteArrayOutputStream();

		CbrResult result = new CbrClient(CbrOptions.parse("-n", "cbrtest", "-f", "-s", "1400", "-d", "1"),
				new PrintStream(out, true, StandardCharsets.UTF_8), QUIET).run(sender);

		assertThat(this.server.ended().await(1, Duration.ofSeconds(10))).isTrue();
		assertThat(result.packets()).isPositive();
		assertThat(this.server.packets()).isEqualTo(result.packets());
		assertThat(this.server.bytes()).isEqualTo(result.packets() * 1400);
		assertThat(out.toString(StandardCharsets.UTF_8)).contains("Client started, duration 1, rate 1000000 b/s, size 1400 B.")
			.containsPattern("sent statistics: +\\d+ packets, +\\d+ bytes in +\\d+ ms, [0-9.]+ Mb/s");
		assertThat(this.serverOut.toString(StandardCharsets.UTF_8)).contains("New flow.")
			.containsPattern("Flow +\\d+: +\\d+ packets \\( +\\d+ bytes\\) in +\\d+ ms => +[0-9.]+ pps, +[0-9.]+ Mbps");
	}

	@Test
	void aRateLimitedSenderKeepsToItsRate() throws InterruptedException {
		this.server.start();
		Ouroboros sender = this.layer.newProcess("JavaCbr");

		CbrResult result = new CbrClient(CbrOptions.parse("-n", "cbrtest", "-s", "125", "-r", "100k", "-d", "1"),
				QUIET, QUIET).run(sender);

		// 100 packets a second at 125 B and 100 kb/s; sleeping only makes it slower
		assertThat(result.packets()).isBetween(10L, 101L);
		assertThat(this.server.ended().await(1, Duration.ofSeconds(10))).isTrue();
		assertThat(this.server.packets()).isEqualTo(result.packets());
	}

}
