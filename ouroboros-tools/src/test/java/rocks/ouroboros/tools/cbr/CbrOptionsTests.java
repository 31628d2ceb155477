package rocks.ouroboros.tools.cbr;

import org.junit.jupiter.api.Test;

import rocks.ouroboros.tools.UsageException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CbrOptionsTests {

	@Test
	void defaultsAreOcbrs() {
		CbrOptions options = CbrOptions.parse("-n", "ocbr");

		assertThat(options).extracting(CbrOptions::durationSeconds, CbrOptions::size, CbrOptions::rate,
				CbrOptions::flood, CbrOptions::sleep)
			.containsExactly(60L, 1000, 1_000_000L, false, true);
	}

	@Test
	void ratesTakeOcbrsUnits() {
		assertThat(CbrOptions.parse("-n", "x", "-r", "500").rate()).isEqualTo(500);
		assertThat(CbrOptions.parse("-n", "x", "-r", "20k").rate()).isEqualTo(20_000);
		assertThat(CbrOptions.parse("-n", "x", "-r", "10M").rate()).isEqualTo(10_000_000);
		assertThat(CbrOptions.parse("-n", "x", "-r", "1G").rate()).isEqualTo(1_000_000_000);
	}

	@Test
	void theGapBetweenPacketsFollowsFromSizeAndRate() {
		assertThat(CbrOptions.parse("-n", "x", "-s", "1000", "-r", "8M").gapNanos()).isEqualTo(1_000_000);
	}

	@Test
	void aPacketLargerThanOcbrsBufferIsRejectedWithTheLimit() {
		assertThatExceptionOfType(UsageException.class)
			.isThrownBy(() -> CbrOptions.parse("-n", "x", "-s", "600000"))
			.withMessage("option -s: the largest packet is 524288 bytes, asked 600000");
	}

	@Test
	void anUnknownRateUnitIsNamed() {
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> CbrOptions.parse("-n", "x", "-r", "5T"))
			.withMessageContaining("unknown rate unit 'T'");
	}

	@Test
	void aSenderWithoutReceiverNameIsToldToGiveOne() {
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> CbrOptions.parse("-f"))
			.withMessageContaining("no server specified");
	}

	@Test
	void aReceiverBindsOcbrByDefault() {
		assertThat(CbrOptions.parse("-l", "-i", "2", "-t", "3")).extracting(CbrOptions::serverName,
				CbrOptions::reportSeconds, CbrOptions::timeoutSeconds)
			.containsExactly("ocbr", 2L, 3L);
	}

	@Test
	void aRateTooLargeForALongIsAUsageError() {
		assertThatExceptionOfType(UsageException.class)
			.isThrownBy(() -> CbrOptions.parse("-n", "x", "-r", "99999999999G"))
			.withMessage("option -r: '99999999999G' is too large");
	}

	@Test
	void aDurationBeyondTheClocksRangeIsAUsageError() {
		assertThat(CbrOptions.parse("-n", "x", "-d", String.valueOf(CbrOptions.MAX_DURATION_SECONDS)).durationSeconds())
			.isEqualTo(CbrOptions.MAX_DURATION_SECONDS);
		assertThatExceptionOfType(UsageException.class)
			.isThrownBy(() -> CbrOptions.parse("-n", "x", "-d", String.valueOf(CbrOptions.MAX_DURATION_SECONDS + 1)))
			.withMessage("option -d: the longest flood is 9223372036 s, asked 9223372037");
	}

}
