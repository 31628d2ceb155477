package rocks.ouroboros.jna;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowDownException;
import rocks.ouroboros.flow.FlowException;

/**
 * The client side of request/reply tests against a listener, run by {@link PeerMain} in its own
 * JVM: each request is 16 bytes, the index of its flow and a sequence number, and its reply must be
 * those 16 bytes followed by {@code 'R'} ({@link #reply}), on the same flow. A reply with another
 * flow's index or another sequence number has crossed over.
 */
public final class TaggedRequests {

	/** The length of a reply: the request and a mark. */
	public static final int REPLY_BYTES = 17;

	private TaggedRequests() {
	}

	/** The reply a listener gives to {@code request}. */
	public static byte[] reply(byte[] request) {
		return ByteBuffer.allocate(REPLY_BYTES).put(request, 0, 16).put((byte) 'R').array();
	}

	/**
	 * Runs {@code rounds} request/replies on every flow, on {@code threads} threads that each own
	 * every {@code threads}-th flow and keep at most {@code window / threads} requests in flight
	 * (written first, then read), so that at most {@code window} are in flight in all.
	 * @return {@code <sent> <answered> <crossed> <lost> <millis> [first failure]}
	 */
	static String load(List<Flow> flows, int rounds, int threads, int window) throws Exception {
		Counts counts = new Counts();
		int batch = Math.max(1, window / threads);
		long started = System.nanoTime();
		run(threads, (t) -> {
			List<Integer> mine = new ArrayList<>();
			for (int i = t; i < flows.size(); i += threads) {
				mine.add(i);
			}
			byte[] buffer = new byte[64];
			for (int round = 0; round < rounds; round++) {
				for (int from = 0; from < mine.size(); from += batch) {
					List<Integer> part = mine.subList(from, Math.min(from + batch, mine.size()));
					List<Integer> written = new ArrayList<>();
					for (int index : part) {
						try {
							flows.get(index).write(request(index, round));
							counts.sent.incrementAndGet();
							written.add(index);
						}
						catch (FlowException ex) {
							counts.lost(ex);
						}
					}
					for (int index : written) {
						try {
							counts.check(flows.get(index).read(buffer), buffer, index, round);
						}
						catch (FlowException ex) {
							counts.lost(ex);
						}
					}
				}
			}
		});
		long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
		return counts.sent + " " + counts.answered + " " + counts.crossed + " " + counts.lost + " " + millis
				+ counts.failure();
	}

	/**
	 * One request at a time on each flow, on {@code threads} threads, until every flow is down (the
	 * listener stopped). A request whose reply does not come because the flow went down is refused.
	 * @return {@code <sent> <answered> <refused> <crossed> <lost> [first failure]}
	 */
	static String askUntilDown(List<Flow> flows, int threads) throws Exception {
		Counts counts = new Counts();
		AtomicLong refused = new AtomicLong();
		run(threads, (t) -> {
			List<Integer> live = new ArrayList<>();
			for (int i = t; i < flows.size(); i += threads) {
				live.add(i);
			}
			byte[] buffer = new byte[64];
			long seq = 0;
			while (!live.isEmpty()) {
				for (int i = 0; i < live.size(); i++) {
					int index = live.get(i);
					Flow flow = flows.get(index);
					long id = seq++;
					try {
						flow.write(request(index, id));
					}
					catch (FlowDownException down) {
						live.remove(i--);
						continue;
					}
					catch (FlowException ex) {
						counts.lost(ex);
						live.remove(i--);
						continue;
					}
					counts.sent.incrementAndGet();
					try {
						counts.check(flow.read(buffer), buffer, index, id);
					}
					catch (FlowDownException down) {
						refused.incrementAndGet();
						live.remove(i--);
					}
					catch (FlowException ex) {
						counts.lost(ex);
						live.remove(i--);
					}
				}
			}
		});
		return counts.sent + " " + counts.answered + " " + refused + " " + counts.crossed + " " + counts.lost
				+ counts.failure();
	}

	private static byte[] request(int index, long seq) {
		return ByteBuffer.allocate(16).putLong(index).putLong(seq).array();
	}

	private static void run(int threads, Task task) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				futures.add(pool.submit(() -> {
					task.run(thread);
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@FunctionalInterface
	private interface Task {

		void run(int thread) throws Exception;

	}

	private static final class Counts {

		final AtomicLong sent = new AtomicLong();

		final AtomicLong answered = new AtomicLong();

		final AtomicLong crossed = new AtomicLong();

		final AtomicLong lost = new AtomicLong();

		final AtomicReference<String> firstFailure = new AtomicReference<>();

		void check(int n, byte[] buffer, int index, long seq) {
			ByteBuffer in = ByteBuffer.wrap(buffer, 0, Math.max(n, 0));
			if (n == REPLY_BYTES && in.getLong() == index && in.getLong() == seq && in.get() == 'R') {
				this.answered.incrementAndGet();
			}
			else {
				this.crossed.incrementAndGet();
				this.firstFailure.compareAndSet(null, "reply of " + n + " bytes on flow " + index + " to request " + seq
						+ " is not its own");
			}
		}

		void lost(FlowException ex) {
			this.lost.incrementAndGet();
			this.firstFailure.compareAndSet(null, ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}

		String failure() {
			String failure = this.firstFailure.get();
			return (failure != null) ? " " + failure : "";
		}

	}

}
