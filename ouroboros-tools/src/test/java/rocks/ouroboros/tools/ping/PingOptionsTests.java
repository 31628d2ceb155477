package rocks.ouroboros.tools.ping;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import rocks.ouroboros.tools.BackendChoice;
import rocks.ouroboros.tools.ToolQos;
import rocks.ouroboros.tools.UsageException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PingOptionsTests {

	private final ByteArrayOutputStream notes = new ByteArrayOutputStream();

	private PingOptions parse(String... args) {
		return PingOptions.parse(new PrintStream(this.notes, true, StandardCharsets.UTF_8), args);
	}

	@Test
	void defaultsAreOpings() {
		PingOptions options = parse("-n", "oping");

		assertThat(options.count()).isEqualTo(Integer.MAX_VALUE);
		assertThat(options.intervalMillis()).isEqualTo(1000);
		assertThat(options.size()).isEqualTo(64);
		assertThat(options.qos()).isEqualTo(ToolQos.RAW);
		assertThat(options.backend()).isEqualTo(BackendChoice.AUTO);
		assertThat(options.flood()).isFalse();
	}

	@Test
	void readsEveryOptionInShortAndLongForm() {
		PingOptions options = parse("--server-name", "x", "-c", "10", "-i", "2s", "--size", "100", "-F", "-q", "voice",
				"-Q", "-D", "--backend", "embedded");

		assertThat(options).extracting(PingOptions::serverName, PingOptions::count, PingOptions::intervalMillis,
				PingOptions::size, PingOptions::floodBusy, PingOptions::qos, PingOptions::quiet, PingOptions::timeOfDay,
				PingOptions::backend)
			.containsExactly("x", 10L, 2000L, 100, true, ToolQos.VOICE, true, true, BackendChoice.EMBEDDED);
	}

	@Test
	void aDurationBecomesACountOfIntervalsAsInOping() {
		assertThat(parse("-n", "x", "-d", "5s", "-i", "500ms").count()).isEqualTo(10);
		assertThat(parse("-n", "x", "-d", "2s", "-i", "0").count()).isEqualTo(20_000);
	}

	@Test
	void aClientWithoutServerNameIsToldToGiveOne() {
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> parse("-c", "3"))
			.withMessageContaining("no server specified")
			.withMessageContaining("-n");
	}

	@Test
	void aServerBindsOpingByDefault() {
		assertThat(parse("-l").serverName()).isEqualTo("oping");
	}

	@Test
	void anUnknownOptionIsNamed() {
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> parse("-n", "x", "--bogus"))
			.withMessage("unknown option '--bogus'");
	}

	@Test
	void anOptionWithoutItsValueSaysSo() {
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> parse("-n", "x", "-c"))
			.withMessage("option -c needs a value");
	}

	@Test
	void aCountThatIsNotANumberIsQuoted() {
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> parse("-n", "x", "-c", "ten"))
			.withMessage("option -c takes a whole number, was 'ten'");
	}

	@Test
	void aZeroCountIsRejected() {
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> parse("-n", "x", "-c", "0"))
			.withMessage("option -c takes a number of at least 1, was 0");
	}

	@Test
	void anUnknownTimeUnitListsTheKnownOnes() {
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> parse("-n", "x", "-i", "3weeks"))
			.withMessageContaining("unknown time unit 'weeks'")
			.withMessageContaining("ms, s, m, h or d");
	}

	@Test
	void anUnknownQosListsTheKnownOnes() {
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> parse("-n", "x", "-q", "gold"))
			.withMessage("option -q takes one of raw, best, video, voice, data, was 'gold'");
	}

	@Test
	void anUnknownBackendListsTheKnownOnes() {
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> parse("-n", "x", "--backend", "jni"))
			.withMessage("option --backend takes one of auto, native, embedded, was 'jni'");
	}

	@Test
	void floodAndBusyFloodExcludeEachOther() {
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> parse("-n", "x", "-f", "-F"))
			.withMessageContaining("-f and -F exclude each other");
	}

	@Test
	void sizesAreHeldToOpingsRangeWithOpingsNotes() {
		assertThat(parse("-n", "x", "-s", "9000").size()).isEqualTo(1500);
		assertThat(parse("-n", "x", "-s", "10").size()).isEqualTo(64);
		assertThat(this.notes.toString(StandardCharsets.UTF_8)).contains("Packet size truncated to 1500 bytes.")
			.contains("Packet size set to 64 bytes.");
	}

	@Test
	void intervalsAreHeldToTenSeconds() {
		assertThat(parse("-n", "x", "-i", "1m").intervalMillis()).isEqualTo(10_000);
		assertThat(this.notes.toString(StandardCharsets.UTF_8)).contains("Ping interval truncated to 10s.");
	}

	@Test
	void aTimeTooLargeForALongIsAUsageError() {
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> parse("-n", "x", "-d", "9999999999999999d"))
			.withMessage("option -d: '9999999999999999d' is too large");
	}

}
