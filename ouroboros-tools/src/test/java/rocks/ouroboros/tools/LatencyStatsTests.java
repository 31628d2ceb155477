package rocks.ouroboros.tools;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class LatencyStatsTests {

	@Test
	void minAvgMaxAndMdevAreOpingsOverWholeMicroseconds() {
		LatencyStats stats = new LatencyStats();
		stats.record(1_000_999);
		stats.record(2_000_000);
		stats.record(3_000_000);

		assertThat(stats.minMillis()).isEqualTo(1.0);
		assertThat(stats.maxMillis()).isEqualTo(3.0);
		assertThat(stats.avgMillis()).isCloseTo(2.0, within(1e-9));
		assertThat(stats.mdevMillis()).isCloseTo(1.0, within(1e-9));
	}

	@Test
	void percentilesAreWithinThreePercentAbove() {
		LatencyStats stats = new LatencyStats();
		for (long micros = 1; micros <= 10_000; micros++) {
			stats.record(micros * 1000);
		}

		assertThat(stats.percentileNanos(50)).isBetween(5_000_000L, 5_160_000L);
		assertThat(stats.percentileNanos(99)).isBetween(9_900_000L, 10_210_000L);
		assertThat(stats.percentileNanos(100)).isBetween(10_000_000L, 10_320_000L);
		assertThat(stats.percentileNanos(0)).isBetween(1000L, 1032L);
	}

	@Test
	void smallValuesAreExact() {
		LatencyStats stats = new LatencyStats();
		stats.record(17);

		assertThat(stats.percentileNanos(50)).isEqualTo(17);
	}

	@Test
	void oneSampleHasNoDeviation() {
		LatencyStats stats = new LatencyStats();
		stats.record(5_000);

		assertThat(stats.mdevMillis()).isNaN();
	}

	@Test
	void anImpossiblePercentileIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new LatencyStats().percentileNanos(101))
			.withMessage("percent must be 0..100, was 101.0");
	}

}
