package rocks.ouroboros.spring.actuate;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import rocks.ouroboros.flow.Ouroboros;

/**
 * Asks {@link Ouroboros#isAvailable()} with a bound on the wait: on the native backend it connects
 * to the IRM daemon's socket, which blocks when the daemon is wedged, and a health check must not
 * hang. The question runs on its own daemon thread; while an unanswered one is pending, later
 * checks wait for it rather than start another, so a wedged daemon costs one thread.
 */
final class AvailabilityCheck {

	/** What a check found. */
	enum Answer {

		AVAILABLE, UNAVAILABLE, NO_ANSWER

	}

	/** How long a check waits unless told otherwise. */
	static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

	private final Ouroboros ouroboros;

	private final Duration timeout;

	private final ReentrantLock lock = new ReentrantLock();

	private @Nullable CompletableFuture<Boolean> pending;

	AvailabilityCheck(Ouroboros ouroboros, Duration timeout) {
		this.ouroboros = ouroboros;
		this.timeout = timeout;
	}

	Answer check() {
		CompletableFuture<Boolean> answer;
		this.lock.lock();
		try {
			answer = this.pending;
			if (answer == null || answer.isDone()) {
				answer = CompletableFuture.supplyAsync(this.ouroboros::isAvailable, AvailabilityCheck::startDaemon);
				this.pending = answer;
			}
		}
		finally {
			this.lock.unlock();
		}
		try {
			return answer.get(this.timeout.toNanos(), TimeUnit.NANOSECONDS) ? Answer.AVAILABLE : Answer.UNAVAILABLE;
		}
		catch (TimeoutException ex) {
			return Answer.NO_ANSWER;
		}
		catch (ExecutionException ex) {
			return Answer.UNAVAILABLE;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Answer.NO_ANSWER;
		}
	}

	Duration timeout() {
		return this.timeout;
	}

	private static void startDaemon(Runnable task) {
		Thread thread = new Thread(task, "ouroboros-health");
		thread.setDaemon(true);
		thread.start();
	}

}
