package rocks.ouroboros.reliability;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** The threads the embedded layer starts (its peer-timeout timers), to prove none is left behind. */
final class EmbeddedThreads {

	private EmbeddedThreads() {
	}

	/**
	 * The names of embedded-layer threads still alive, after giving threads of closed layers up to
	 * five seconds to end; the shared layer of the JVM is not counted.
	 */
	static List<String> alive() throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		List<String> alive;
		do {
			alive = Thread.getAllStackTraces()
				.keySet()
				.stream()
				.filter(Thread::isAlive)
				.map(Thread::getName)
				.filter(name -> name.startsWith("ouroboros-embedded-") && !name.startsWith("ouroboros-embedded-shared"))
				.toList();
			if (alive.isEmpty()) {
				return alive;
			}
			Thread.sleep(20);
		}
		while (System.nanoTime() < deadline);
		return alive;
	}

}
