package rocks.ouroboros.tools.ping;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import rocks.ouroboros.tools.ToolMain;

import static org.assertj.core.api.Assertions.assertThat;

class JavaPingTests {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private int javaPing(String... args) {
		PrintStream print = new PrintStream(this.out, true, StandardCharsets.UTF_8);
		return ToolMain.run(print, PingOptions.USAGE, () -> JavaPing.run(print, print, args));
	}

	@Test
	void onTheEmbeddedBackendAClientPingsAServerInItsOwnJvm() {
		int status = javaPing("--backend", "embedded", "-n", "javaping-demo", "-c", "20", "-f", "-Q", "--no-progress");

		assertThat(status).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8))
			.contains("Embedded backend: serving 'javaping-demo' from this JVM.")
			.contains("20 packets transmitted, 20 received, 0 out-of-order, 0% packet loss");
	}

	@Test
	void aWrongCommandLinePrintsTheErrorAndTheUsageAndExitsWithTwo() {
		int status = javaPing("-n", "x", "-c", "many");

		assertThat(status).isEqualTo(ToolMain.USAGE);
		assertThat(this.out.toString(StandardCharsets.UTF_8))
			.startsWith("Error: option -c takes a whole number, was 'many'.")
			.contains("Usage: JavaPing [OPTION]...");
	}

	@Test
	void helpPrintsTheUsageAndExitsWithZero() {
		assertThat(javaPing("--help")).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8)).startsWith("Usage: JavaPing [OPTION]...");
	}

}
