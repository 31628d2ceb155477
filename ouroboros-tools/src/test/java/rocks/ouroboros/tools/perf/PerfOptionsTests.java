package rocks.ouroboros.tools.perf;

import java.io.PrintStream;

import org.junit.jupiter.api.Test;

import rocks.ouroboros.tools.UsageException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PerfOptionsTests {

	private static final PrintStream NOTES = new PrintStream(PrintStream.nullOutputStream());

	@Test
	void defaultsAreOperfs() {
		PerfOptions options = PerfOptions.parse(NOTES, "-n", "operf");

		assertThat(options).extracting(PerfOptions::bidirectional, PerfOptions::durationMillis, PerfOptions::rate,
				PerfOptions::size, PerfOptions::flood)
			.containsExactly(false, 60_000L, 1_000_000L, 1500, false);
	}

	@Test
	void aRateWithoutUnitIsInKilobitsAsOperfReadsIt() {
		assertThat(PerfOptions.parse(NOTES, "-n", "x", "-r", "500").rate()).isEqualTo(500_000);
		assertThat(PerfOptions.parse(NOTES, "-n", "x", "-r", "2M").rate()).isEqualTo(2_000_000);
	}

	@Test
	void theTestTypeIsUniOrBi() {
		assertThat(PerfOptions.parse(NOTES, "-n", "x", "-t", "bi").bidirectional()).isTrue();
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> PerfOptions.parse(NOTES, "-n", "x", "-t", "tri"))
			.withMessage("option -t takes uni or bi");
	}

	@Test
	void durationsTakeTimeUnits() {
		assertThat(PerfOptions.parse(NOTES, "-n", "x", "-d", "2s").durationMillis()).isEqualTo(2000);
	}

	@Test
	void sizesAreHeldToOperfsRange() {
		assertThat(PerfOptions.parse(NOTES, "-n", "x", "-s", "2000000").size()).isEqualTo(1024 * 1024);
		assertThat(PerfOptions.parse(NOTES, "-n", "x", "-s", "1").size()).isEqualTo(64);
	}

	@Test
	void aRateOrDurationTooLargeForALongIsAUsageError() {
		assertThatExceptionOfType(UsageException.class)
			.isThrownBy(() -> PerfOptions.parse(NOTES, "-n", "x", "-r", "99999999999999999999"))
			.withMessage("option -r: '99999999999999999999' is too large");
		assertThatExceptionOfType(UsageException.class)
			.isThrownBy(() -> PerfOptions.parse(NOTES, "-n", "x", "-r", "9999999999999999G"))
			.withMessage("option -r: '9999999999999999G' is too large");
		assertThatExceptionOfType(UsageException.class)
			.isThrownBy(() -> PerfOptions.parse(NOTES, "-n", "x", "-d", "999999999999999d"))
			.withMessage("option -d: '999999999999999d' is too large");
	}

	@Test
	void aDurationBeyondTheClocksRangeIsAUsageError() {
		assertThat(PerfOptions.parse(NOTES, "-n", "x", "-d", PerfOptions.MAX_DURATION_MILLIS + "ms").durationMillis())
			.isEqualTo(PerfOptions.MAX_DURATION_MILLIS);
		assertThatExceptionOfType(UsageException.class)
			.isThrownBy(() -> PerfOptions.parse(NOTES, "-n", "x", "-d", (PerfOptions.MAX_DURATION_MILLIS + 1) + "ms"))
			.withMessage("option -d: the longest test is 9223372036 s, asked 9223372036855 ms");
	}

}
