package rocks.ouroboros.tools.ping;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import rocks.ouroboros.embedded.EmbeddedLayer;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.UnknownNameException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PingRoundTripTests {

	private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

	private final EmbeddedLayer layer = EmbeddedLayer.create();

	private final Ouroboros serverProcess = this.layer.newProcess("oping");

	private final Ouroboros clientProcess = this.layer.newProcess("JavaPing");

	private final ByteArrayOutputStream serverOut = new ByteArrayOutputStream();

	private final PingServer server = new PingServer(this.serverProcess,
			PingOptions.parse(QUIET, "-l", "-n", "pingtest", "-Q"),
			new PrintStream(this.serverOut, true, StandardCharsets.UTF_8));

	@AfterEach
	void closeLayer() {
		this.server.close();
		this.layer.close();
	}

	@Test
	void floodPingGetsEveryReplyWithItsSequenceNumber() {
		this.server.start();
		List<Integer> ids = new ArrayList<>();

		PingResult result = ping(ids, "-n", "pingtest", "-c", "1000", "-f", "-Q");

		assertThat(result.sent()).isEqualTo(1000);
		assertThat(result.received()).isEqualTo(1000);
		assertThat(result.outOfOrder()).isZero();
		assertThat(ids).containsExactlyElementsOf(IntStream.range(0, 1000).boxed().toList());
		assertThat(result.rtt().count()).isEqualTo(1000);
		assertThat(result.rtt().minMillis()).isLessThanOrEqualTo(result.rtt().avgMillis());
		assertThat(this.server.echoed()).isEqualTo(1000);
		assertThat(result.allocatedBytesPerRoundTrip()).as("measured on this JVM").isNotNaN();
	}

	@Test
	void busyPollPingAgainstABusyPollServerGetsEveryReply() {
		PingServer busy = new PingServer(this.serverProcess, PingOptions.parse(QUIET, "-l", "--busy", "-n", "busy", "-Q"),
				QUIET).start();
		try {
			List<Integer> ids = new ArrayList<>();
			PingResult result = ping(ids, "-n", "busy", "-c", "500", "-F", "-Q");

			assertThat(result.received()).isEqualTo(500);
			assertThat(ids).containsExactlyElementsOf(IntStream.range(0, 500).boxed().toList());
		}
		finally {
			busy.close();
		}
	}

	@Test
	void intervalPingWithItsSeparateReaderGetsEveryReply() {
		this.server.start();
		List<Integer> ids = new ArrayList<>();

		PingResult result = ping(ids, "-n", "pingtest", "-c", "50", "-i", "0", "-Q");

		assertThat(result.sent()).isEqualTo(50);
		assertThat(result.received()).isEqualTo(50);
		assertThat(ids).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 50).boxed().toList());
	}

	@Test
	void eachReplyIsPrintedAsOpingPrintsIt() {
		this.server.start();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		PingOptions options = PingOptions.parse(QUIET, "-n", "pingtest", "-c", "3", "-i", "1ms", "-s", "100");

		new PingClient(options, new PrintStream(out, true, StandardCharsets.UTF_8), QUIET).run(this.clientProcess)
			.print(new PrintStream(out, true, StandardCharsets.UTF_8));

		String text = out.toString(StandardCharsets.UTF_8);
		assertThat(text).contains("Pinging pingtest with 100 bytes of data (3 packets):")
			.containsPattern("100 bytes from pingtest: seq=0 time=[0-9.]+ (ms|µs)")
			.containsPattern("100 bytes from pingtest: seq=2 time=")
			.contains("--- pingtest ping statistics ---")
			.contains("3 packets transmitted, 3 received, 0 out-of-order, 0% packet loss, time: ")
			.containsPattern("rtt min/avg/max/mdev = [0-9.]+/[0-9.]+/[0-9.]+/[0-9.]+ (ms|µs)")
			.containsPattern("rtt p50/p90/p99/p99.9 = ");
	}

	@Test
	void theServerReportsNewFlowsAndRequests() {
		PingServer talkative = new PingServer(this.serverProcess, PingOptions.parse(QUIET, "-l", "-n", "talk"),
				new PrintStream(this.serverOut, true, StandardCharsets.UTF_8)).start();
		try {
			ping(new ArrayList<>(), "-n", "talk", "-c", "2", "-f", "-Q", "-s", "80");
		}
		finally {
			talkative.close();
		}

		assertThat(this.serverOut.toString(StandardCharsets.UTF_8)).contains("Ouroboros ping server started.")
			.containsPattern("New flow \\d+\\.")
			.containsPattern("Received 80 bytes on fd \\d+\\.");
	}

	@Test
	void pingingANameNobodyServesFailsWithTheName() {
		PingOptions options = PingOptions.parse(QUIET, "-n", "nobody", "-c", "1");

		assertThatExceptionOfType(UnknownNameException.class)
			.isThrownBy(() -> new PingClient(options, QUIET, QUIET).run(this.clientProcess))
			.withMessageContaining("nobody");
	}

	private PingResult ping(List<Integer> ids, String... args) {
		PingOptions options = PingOptions.parse(QUIET, args);
		return new PingClient(options, QUIET, QUIET, (id, rtt) -> ids.add(id)).run(this.clientProcess);
	}

}
