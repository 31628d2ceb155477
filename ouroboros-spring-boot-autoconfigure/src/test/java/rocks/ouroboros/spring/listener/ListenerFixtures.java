package rocks.ouroboros.spring.listener;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.springframework.context.annotation.Bean;

import rocks.ouroboros.flow.Flow;

/**
 * Listeners that several test classes serve. Each listens on the name in {@code test.name}, or
 * where that is not set on a name of its own, so that a context of one listener can put it on a
 * fresh name ({@link ListenerContract}) and one context can hold several of them side by side
 * ({@link OuroborosListenerTests}); {@link Holding} is also the blocked handler of
 * {@code ListenerReliabilityTests}.
 */
public final class ListenerFixtures {

	private ListenerFixtures() {
	}

	/** Replies to each packet with its bytes in reverse order. */
	static class ReverseBytes {

		@OuroborosListener(id = "reverse", name = "${test.name:reverse}")
		byte[] reverse(byte[] packet) {
			byte[] reversed = new byte[packet.length];
			for (int i = 0; i < packet.length; i++) {
				reversed[i] = packet[packet.length - 1 - i];
			}
			return reversed;
		}

	}

	/**
	 * Answers "ok" and the line, but throws for "boom": its error handler keeps the invocation in
	 * {@link #failures} and replies "error: " and the exception's message.
	 */
	static class Fragile {

		final BlockingQueue<ListenerInvocation> failures = new LinkedBlockingQueue<>();

		@Bean
		OuroborosListenerErrorHandler fragileErrorHandler() {
			return (exception, invocation) -> {
				this.failures.add(invocation);
				return "error: " + exception.getMessage();
			};
		}

		@OuroborosListener(id = "fragile", name = "${test.name:fragile}", errorHandler = "fragileErrorHandler")
		String fragile(String line) {
			if (line.equals("boom")) {
				throw new IllegalArgumentException("no boom please");
			}
			return "ok " + line;
		}

	}

	/** A flow listener that echoes the first line of its flow, or throws when it is "boom". */
	static class FragileFlow {

		@OuroborosListener(id = "fragile-flow", name = "${test.name:flow-fragile}")
		void handle(Flow flow) {
			String line = flow.readLine();
			if ("boom".equals(line)) {
				throw new IllegalStateException("expected in this test: the flow listener fails");
			}
			flow.writeLine(line);
		}

	}

	/** Answers "manual" and the line once started: it does not start with its context. */
	static class Manual {

		@OuroborosListener(id = "manual", name = "${test.name:manual}", autoStartup = "false")
		String manual(String line) {
			return "manual " + line;
		}

	}

	/**
	 * Answers each request with "answer to " and the request, but holds the request "hold" in its
	 * handler until {@link #release()}: a handler that blocks while the others go on.
	 */
	public static class Holding {

		private final CountDownLatch held = new CountDownLatch(1);

		private final CountDownLatch release = new CountDownLatch(1);

		@OuroborosListener(id = "holding", name = "${test.name:holding}")
		String handle(String request) throws InterruptedException {
			if (request.equals("hold")) {
				this.held.countDown();
				this.release.await(60, TimeUnit.SECONDS);
			}
			return "answer to " + request;
		}

		/** Waits until a handler holds "hold"; whether one did within {@code timeout}. */
		public boolean awaitHeld(Duration timeout) throws InterruptedException {
			return this.held.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}

		/** Lets the held request be answered. */
		public void release() {
			this.release.countDown();
		}

	}

}
