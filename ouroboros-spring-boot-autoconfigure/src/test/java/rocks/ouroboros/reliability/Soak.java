package rocks.ouroboros.reliability;

import java.time.Duration;

/**
 * The size of a reliability run: small enough for CI on two shared cores by default, the full
 * size with {@code -Douroboros.soak=true}, and the seed to replay with
 * {@code -Douroboros.reliability.seed=N}.
 */
final class Soak {

	/** Whether the long variants run. */
	static final boolean ENABLED = Boolean.getBoolean("ouroboros.soak");

	private Soak() {
	}

	/** {@code normal} in CI, {@code soak} with the flag. */
	static int size(int normal, int soak) {
		return ENABLED ? soak : normal;
	}

	/** {@code normal} in CI, {@code soak} with the flag. */
	static Duration time(Duration normal, Duration soak) {
		return ENABLED ? soak : normal;
	}

	/** The seed given with {@code -Douroboros.reliability.seed}, or a fresh one. */
	static long seed() {
		String given = System.getProperty("ouroboros.reliability.seed");
		return (given != null && !given.isBlank()) ? Long.parseLong(given.trim()) : System.nanoTime();
	}

	/** How to replay a seed, for failure messages. */
	static String replay(String test, long seed) {
		return "replay with: mvn -pl ouroboros-spring-boot-autoconfigure test -Dtest=" + test
				+ " -Douroboros.reliability.seed=" + seed;
	}

}
