package rocks.ouroboros.tools.perf;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import rocks.ouroboros.embedded.EmbeddedLayer;
import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.tools.perf.PerfClient.PerfResult;

import static org.assertj.core.api.Assertions.assertThat;

class PerfTransferTests {

	private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

	private final EmbeddedLayer layer = EmbeddedLayer.create();

	private final Ouroboros client = this.layer.newProcess("JavaPerf");

	private final ByteArrayOutputStream serverOut = new ByteArrayOutputStream();

	private final PerfServer server = new PerfServer(this.layer.newProcess("operf"),
			PerfOptions.parse(QUIET, "-l", "-n", "perftest"), new PrintStream(this.serverOut, true, StandardCharsets.UTF_8));

	@AfterEach
	void closeLayer() {
		this.server.close();
		this.layer.close();
	}

	@Test
	void anEchoTestGetsBackEveryPacketItSent() throws InterruptedException {
		this.server.start();
		ByteArrayOutputStream out = new ByteArrayOutputStream();

		PerfResult result = new PerfClient(PerfOptions.parse(QUIET, "-n", "perftest", "-t", "bi", "-f", "-d", "300ms"),
				new PrintStream(out, true, StandardCharsets.UTF_8), QUIET, Duration.ZERO).run(this.client);

		assertThat(result.sent()).isPositive();
		assertThat(result.received()).isEqualTo(result.sent());
		assertThat(out.toString(StandardCharsets.UTF_8)).contains("Doing a bidirectional test.")
			.contains("--- perftest perf statistics ---")
			.containsPattern(result.sent() + " packets transmitted, " + result.sent() + " received, 0% packet loss");
	}

	@Test
	void aOneWayTestIsCountedByTheServer() throws InterruptedException {
		this.server.start();

		PerfResult result = new PerfClient(PerfOptions.parse(QUIET, "-n", "perftest", "-f", "-s", "64", "-d", "300ms"),
				QUIET, QUIET, Duration.ZERO).run(this.client);

		assertThat(this.server.ended().await(1, Duration.ofSeconds(10))).isTrue();
		assertThat(this.server.packets()).isEqualTo(result.sent());
		assertThat(this.serverOut.toString(StandardCharsets.UTF_8)).contains("Doing a unidirectional test.");
	}

	@Test
	void aConfigurationPacketOfAnotherSizeIsRejected() throws InterruptedException {
		this.server.start();

		try (Flow flow = this.client.alloc("perftest")) {
			flow.write(new byte[8]);
			assertThat(this.server.ended().await(1, Duration.ofSeconds(10))).isTrue();
		}

		assertThat(this.serverOut.toString(StandardCharsets.UTF_8)).contains("Invalid config message.");
	}

}
