package rocks.ouroboros.reliability;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of seeded random call sequences on the flow API, each checked call by call against
 * {@link FlowModel}; see {@link FlowSequence} for what is compared. A failure names the seed of
 * its sequence; {@code -Douroboros.reliability.seed=N} replays it first.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class RandomizedFlowSequenceTests {

	@Test
	void randomCallSequencesKeepTheFlowContractAndLeaveNothingOpen() throws Exception {
		long base = Soak.seed();
		int target = Soak.size(3_000, 200_000);
		long deadline = System.nanoTime() + Soak.time(Duration.ofSeconds(25), Duration.ofMinutes(10)).toNanos();
		ExecutorService helper = Executors.newSingleThreadExecutor(r -> new Thread(r, "reliability-sequence-helper"));
		long operations = 0;
		long woken = 0;
		long useAfterClose = 0;
		int tried = 0;
		try {
			for (; tried < target && System.nanoTime() < deadline; tried++) {
				long seed = base + tried;
				int length = 20 + (int) Math.floorMod(seed * 0x9E3779B97F4A7C15L, 380L);
				try (FlowSequence sequence = new FlowSequence(seed, helper)) {
					try {
						sequence.run(length);
					}
					finally {
						operations += sequence.operations;
						woken += sequence.blockedCallsWoken;
						useAfterClose += sequence.useAfterClose;
					}
				}
				catch (Throwable failure) {
					throw new AssertionError("sequence " + tried + " failed; "
							+ Soak.replay("RandomizedFlowSequenceTests", seed), failure);
				}
			}
		}
		finally {
			helper.shutdownNow();
			assertThat(helper.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		}
		System.out.printf("randomized flow sequences: %d sequences, %d calls, %d blocked calls woken by close, "
				+ "%d uses after close, first seed %d%n", tried, operations, woken, useAfterClose, base);
		ReliabilityFigures.add("flow API sequences tried", tried);
		ReliabilityFigures.add("flow API calls checked against the model", operations);
		ReliabilityFigures.add("blocked calls woken by a close from another thread", woken);
		ReliabilityFigures.add("calls on closed handles refused", useAfterClose);
		assertThat(tried).as("sequences tried within the time budget").isGreaterThanOrEqualTo(200);
		assertThat(EmbeddedThreads.alive()).as("embedded layer threads left running").isEmpty();
	}

}
