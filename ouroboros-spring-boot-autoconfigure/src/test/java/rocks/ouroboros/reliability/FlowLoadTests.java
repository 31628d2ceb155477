package rocks.ouroboros.reliability;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import rocks.ouroboros.embedded.EmbeddedLayer;
import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowEvent;
import rocks.ouroboros.flow.FlowEventQueue;
import rocks.ouroboros.flow.FlowEventType;
import rocks.ouroboros.flow.FlowException;
import rocks.ouroboros.flow.FlowFlag;
import rocks.ouroboros.flow.FlowSet;
import rocks.ouroboros.flow.OuroborosUnavailableException;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.QosSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many clients at once against one server on the flow API, served the way a production server
 * on Ouroboros is written: one accept thread, and event loops that wait on flow sets and read
 * without blocking. Every request carries its flow and sequence number and must come back as its
 * own reply, counted on both sides: none lost, none crossed, none twice. CI runs 1000 flows and
 * a million round trips; {@code -Douroboros.soak=true} runs 4000 flows and 20 million.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class FlowLoadTests {

	private static final int CLIENT_THREADS = 4;

	private static final int SERVER_LOOPS = 2;

	@Test
	void manyClientsAgainstOneServerGetEveryReplyTheirOwn() throws Exception {
		int flows = Soak.size(1000, 4000);
		int requests = Soak.size(1_000_000, 20_000_000);
		int rounds = requests / flows;
		try (EmbeddedLayer layer = EmbeddedLayer.create()) {
			Server server = new Server(layer.newProcess("server"));
			server.start();
			List<Ouroboros> clients = new ArrayList<>();
			for (int i = 0; i < CLIENT_THREADS; i++) {
				clients.add(layer.newProcess("client" + i));
			}
			ExecutorService pool = Executors.newFixedThreadPool(CLIENT_THREADS);
			long started = System.nanoTime();
			List<Future<long[]>> results = new ArrayList<>();
			for (int t = 0; t < CLIENT_THREADS; t++) {
				Ouroboros client = clients.get(t);
				int first = t * flows / CLIENT_THREADS;
				int last = (t + 1) * flows / CLIENT_THREADS;
				results.add(pool.submit(() -> runClient(client, first, last, rounds)));
			}
			long sent = 0;
			long answered = 0;
			for (Future<long[]> result : results) {
				long[] counts = result.get(9, TimeUnit.MINUTES);
				sent += counts[0];
				answered += counts[1];
			}
			long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
			pool.shutdown();
			assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
			for (Ouroboros client : clients) {
				client.close();
			}
			server.stop();
			assertThat(server.failure.get()).as("server failure").isNull();
			System.out.printf("flow load: %d flows, %d requests sent, %d received by the server, %d replies sent, "
					+ "%d replies received, in %d ms%n", flows, sent, server.requests.get(), server.replies.get(),
					answered, millis);
			assertThat(sent).isEqualTo((long) rounds * flows);
			assertThat(server.requests.get()).as("requests the server received").isEqualTo(sent);
			assertThat(server.replies.get()).as("replies the server sent").isEqualTo(sent);
			assertThat(answered).as("replies the clients received, each its own").isEqualTo(sent);
			assertThat(server.process.openFlows()).isEmpty();
			ReliabilityFigures.add("load: flows at once against one server", flows);
			ReliabilityFigures.add("load: request/replies, each its own, none lost", answered);
		}
		assertThat(EmbeddedThreads.alive()).isEmpty();
	}

	/** Opens flows {@code [first, last)}, then sends a request on each and reads each reply, {@code rounds} times. */
	private static long[] runClient(Ouroboros client, int first, int last, int rounds) {
		List<Flow> flows = new ArrayList<>();
		for (int id = first; id < last; id++) {
			Flow flow = client.alloc("load", QosSpec.DATA, Duration.ofSeconds(20));
			flow.setReadTimeout(Duration.ofSeconds(30));
			flows.add(flow);
		}
		ByteBuffer request = ByteBuffer.allocate(16);
		byte[] reply = new byte[64];
		long sent = 0;
		long answered = 0;
		for (int round = 0; round < rounds; round++) {
			for (int i = 0; i < flows.size(); i++) {
				request.clear().putLong(first + i).putLong(round).flip();
				flows.get(i).write(request);
				sent++;
			}
			for (int i = 0; i < flows.size(); i++) {
				int n = flows.get(i).read(reply);
				ByteBuffer in = ByteBuffer.wrap(reply, 0, n);
				long flowId = in.getLong();
				long seq = in.getLong();
				if (n != 17 || flowId != first + i || seq != round || in.get() != 'R') {
					throw new AssertionError("flow " + (first + i) + " round " + round + " got the reply of flow "
							+ flowId + " round " + seq + " (" + n + " bytes)");
				}
				answered++;
			}
		}
		flows.forEach(Flow::close);
		return new long[] { sent, answered };
	}

	/** One accept thread and event loops on flow sets: the shape of a non-blocking Ouroboros server. */
	private static final class Server {

		final Ouroboros process;

		final AtomicLong requests = new AtomicLong();

		final AtomicLong replies = new AtomicLong();

		final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();

		private final List<FlowSet> sets = new ArrayList<>();

		private final List<Thread> threads = new ArrayList<>();

		private volatile boolean running = true;

		Server(Ouroboros process) {
			this.process = process;
			process.bind("load");
			for (int i = 0; i < SERVER_LOOPS; i++) {
				FlowSet set = process.newFlowSet();
				this.sets.add(set);
				FlowEventQueue queue = process.newEventQueue();
				this.threads.add(new Thread(() -> serve(set, queue), "load-server-" + i));
			}
			this.threads.add(new Thread(this::accept, "load-acceptor"));
		}

		void start() {
			this.threads.forEach(Thread::start);
		}

		void stop() throws InterruptedException {
			this.running = false;
			for (Thread thread : this.threads) {
				thread.join(10_000);
				assertThat(thread.isAlive()).as(thread.getName() + " still running").isFalse();
			}
			this.process.close();
		}

		private void accept() {
			int next = 0;
			while (this.running) {
				try {
					Flow flow = this.process.accept(Duration.ofMillis(50));
					EnumSet<FlowFlag> flags = EnumSet.copyOf(flow.flags());
					flags.add(FlowFlag.READ_NONBLOCK);
					flow.setFlags(flags);
					this.sets.get(next++ % this.sets.size()).add(flow);
				}
				catch (rocks.ouroboros.flow.FlowTimeoutException idle) {
					// look at running again
				}
				catch (Throwable ex) {
					this.failure.compareAndSet(null, ex);
					return;
				}
			}
		}

		private void serve(FlowSet set, FlowEventQueue queue) {
			byte[] buffer = new byte[64];
			ByteBuffer reply = ByteBuffer.allocate(17);
			try {
				while (this.running) {
					if (!set.await(queue, Duration.ofMillis(50))) {
						continue;
					}
					for (FlowEvent event = queue.next(); event != null; event = queue.next()) {
						Flow flow = event.flow();
						if (event.type() == FlowEventType.DEALLOC) {
							flow.close();
							continue;
						}
						if (event.type() != FlowEventType.PACKET) {
							continue;
						}
						int n;
						while ((n = read(flow, buffer)) > 0) {
							this.requests.incrementAndGet();
							reply.clear().put(buffer, 0, 16).put((byte) 'R').flip();
							flow.write(reply);
							this.replies.incrementAndGet();
						}
					}
				}
			}
			catch (OuroborosUnavailableException | IllegalStateException closed) {
				// the process closed under us at the end
			}
			catch (Throwable ex) {
				this.failure.compareAndSet(null, ex);
			}
		}

		/** A non-blocking read; -1 when empty or when the client is gone. */
		private static int read(Flow flow, byte[] buffer) {
			try {
				return flow.read(buffer);
			}
			catch (FlowException gone) {
				flow.close();
				return -1;
			}
		}

	}

}
