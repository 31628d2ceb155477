package rocks.ouroboros.reliability;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import rocks.ouroboros.embedded.EmbeddedLayer;
import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowDownException;
import rocks.ouroboros.flow.FlowException;
import rocks.ouroboros.flow.FlowPeerTimeoutException;
import rocks.ouroboros.flow.FlowTimeoutException;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.QosSpec;
import rocks.ouroboros.spring.autoconfigure.OuroborosAutoConfiguration;
import rocks.ouroboros.spring.autoconfigure.OuroborosListenerAutoConfiguration;
import rocks.ouroboros.spring.listener.ListenerFixtures;
import rocks.ouroboros.spring.listener.ListenerState;
import rocks.ouroboros.spring.listener.OuroborosListener;
import rocks.ouroboros.spring.listener.OuroborosListenerContainer;
import rocks.ouroboros.spring.listener.OuroborosListenerEndpointRegistry;
import rocks.ouroboros.spring.listener.OuroborosListenerErrorHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @OuroborosListener}s as production meets them: many clients at once, graceful shutdown
 * with requests in flight, handlers that throw or block, peers that deallocate or die. The
 * application runs in a Spring context on an embedded layer that the clients share.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ListenerReliabilityTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final EmbeddedLayer layer = EmbeddedLayer.create();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(OuroborosAutoConfiguration.class, OuroborosListenerAutoConfiguration.class))
		.withBean("testLayer", EmbeddedLayer.class, () -> this.layer, (definition) -> definition.setDestroyMethodName(""))
		.withPropertyValues("ouroboros.backend=embedded");

	@AfterEach
	void closeLayer() throws InterruptedException {
		this.layer.close();
		assertThat(EmbeddedThreads.alive()).isEmpty();
	}

	// ---------------------------------------------------------------- load

	@Test
	void manyClientsAgainstOneListenerGetEveryReplyTheirOwn() {
		int flows = 1000;
		int requests = Soak.size(1_000_000, 5_000_000);
		this.contextRunner.withUserConfiguration(Tagging.class).run((context) -> {
			Tagging tagging = context.getBean(Tagging.class);
			long started = System.nanoTime();
			long[] counts = runClients("tag", 4, flows, requests / flows, QosSpec.DATA);
			long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
			OuroborosListenerContainer container = container(context, "tag");
			System.out.printf("listener load: %d flows, %d requests sent, %d handled, %d replies received, in %d ms%n",
					flows, counts[0], tagging.handled.get(), counts[1], millis);
			assertThat(counts[1]).as("replies received, each its own").isEqualTo(counts[0]);
			assertThat(tagging.handled.get()).as("requests the listener handled").isEqualTo(counts[0]);
			assertThat(container.getHandledCount()).isEqualTo(counts[0]);
			assertThat(container.getFailedCount()).isZero();
			awaitNoOpenFlows(container);
			ReliabilityFigures.add("listener load: flows at once against one @OuroborosListener", flows);
			ReliabilityFigures.add("listener load: request/replies, each its own, none lost", counts[1]);
		});
	}

	@Test
	void fourThousandOpenFlowsAreAllServedByABoundedNumberOfThreads() {
		int flows = 4000;
		this.contextRunner.withUserConfiguration(Tagging.class).run((context) -> {
			OuroborosListenerContainer container = container(context, "tag");
			Ouroboros clients = this.layer.newProcess("clients");
			java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
			int before = threads.getThreadCount();
			int peak = before;
			List<Flow> open = new ArrayList<>(flows);
			try {
				for (int round = 0; round < 2; round++) {
					for (int i = 0; i < flows; i++) {
						if (round == 0) {
							Flow flow = clients.alloc("tag", QosSpec.RAW, WAIT);
							flow.setReadTimeout(WAIT);
							open.add(flow);
						}
						Flow flow = open.get(i);
						flow.write(ByteBuffer.allocate(16).putLong(0, i).putLong(8, round).array());
						byte[] reply = flow.read(64);
						assertThat(reply).hasSize(17);
						assertThat(ByteBuffer.wrap(reply).getLong(0)).isEqualTo(i);
						if (i % 500 == 0) {
							peak = Math.max(peak, threads.getThreadCount());
						}
					}
				}
				assertThat(container.getOpenFlowCount()).isEqualTo(flows);
				assertThat(container.getHandledCount()).isEqualTo(2L * flows);
				// an event loop and at most 'concurrency' (16) handler workers, whatever the flow count
				assertThat(peak - before).as("threads added while %d flows were open", flows).isLessThanOrEqualTo(17);
			}
			finally {
				open.forEach(Flow::close);
			}
			awaitNoOpenFlows(container);
			ReliabilityFigures.add("listener: flows open at once, all answered, threads added", peak - before);
		});
	}

	@Test
	void aHandlerThatThrowsNowAndThenLeavesEveryOtherRequestAnsweredAndEachFailureReported() {
		int flows = 100;
		int rounds = 100;
		this.contextRunner.withUserConfiguration(Tagging.class).run((context) -> {
			Tagging tagging = context.getBean(Tagging.class);
			long[] counts = runClients("fragile", 2, flows, rounds, QosSpec.DATA);
			// sequence numbers are the rounds: those with round % 7 == 3 fail, on every flow
			long expectedFailures = flows * java.util.stream.IntStream.range(0, rounds).filter(r -> r % 7 == 3).count();
			assertThat(counts[1]).as("a reply, error or not, to each request").isEqualTo(counts[0]);
			assertThat(tagging.errors.get()).as("requests answered by the error handler").isEqualTo(counts[2]);
			assertThat(counts[2]).isPositive();
			OuroborosListenerContainer container = container(context, "fragile");
			assertThat(container.getFailedCount()).isEqualTo(counts[2]);
			assertThat(container.getState()).isEqualTo(ListenerState.RUNNING);
			assertThat(counts[2]).isEqualTo(expectedFailures);
			ReliabilityFigures.add("faults survived: handler threw, listener lived on", counts[2]);
		});
	}

	// ---------------------------------------------------------------- shutdown

	@Test
	void gracefulShutdownAnswersEveryRequestItAcceptedOnAReliableQos() throws Exception {
		int flows = 200;
		int inFlightBeforeStop = Soak.size(20_000, 200_000);
		ApplicationContextRunner runner = this.contextRunner.withUserConfiguration(Tagging.class)
			.withPropertyValues("ouroboros.listener.shutdown-timeout=15s");
		AtomicLong sent = new AtomicLong();
		AtomicLong answered = new AtomicLong();
		AtomicLong refused = new AtomicLong();
		AtomicLong handled = new AtomicLong();
		runner.run((context) -> {
			Tagging tagging = context.getBean(Tagging.class);
			Ouroboros client = this.layer.newProcess("client");
			List<Flow> open = new ArrayList<>();
			for (int i = 0; i < flows; i++) {
				Flow flow = client.alloc("tag", QosSpec.DATA, WAIT);
				flow.setReadTimeout(WAIT);
				open.add(flow);
			}
			ExecutorService pool = Executors.newFixedThreadPool(4);
			List<Future<?>> clients = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				List<Flow> mine = open.subList(t * flows / 4, (t + 1) * flows / 4);
				clients.add(pool.submit(() -> keepAsking(mine, sent, answered, refused)));
			}
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (answered.get() < inFlightBeforeStop && System.nanoTime() < deadline) {
				Thread.sleep(5);
			}
			assertThat(answered.get()).as("answered before the shutdown").isGreaterThanOrEqualTo(inFlightBeforeStop);
			((ConfigurableApplicationContext) context).close();
			for (Future<?> future : clients) {
				future.get(60, TimeUnit.SECONDS);
			}
			pool.shutdown();
			handled.set(tagging.handled.get());
			client.close();
		});
		System.out.printf("graceful shutdown: %d requests sent, %d handled, %d answered, %d refused (sent after the"
				+ " listener stopped reading)%n", sent.get(), handled.get(), answered.get(), refused.get());
		assertThat(answered.get()).as("every request the listener accepted was answered").isEqualTo(handled.get());
		assertThat(answered.get() + refused.get()).as("each request was answered or clearly refused")
			.isEqualTo(sent.get());
		assertThat(refused.get()).as("at most one request in flight per flow at the stop").isLessThanOrEqualTo(flows);
		ReliabilityFigures.add("graceful shutdown: requests accepted in flight and answered", answered.get());
	}

	/** One request at a time on each flow until the flow goes down; counts what came back. */
	private static void keepAsking(List<Flow> flows, AtomicLong sent, AtomicLong answered, AtomicLong refused) {
		List<Flow> live = new ArrayList<>(flows);
		long seq = 0;
		byte[] reply = new byte[64];
		while (!live.isEmpty()) {
			for (int i = 0; i < live.size(); i++) {
				Flow flow = live.get(i);
				long id = seq++;
				try {
					flow.write(ByteBuffer.allocate(16).putLong(0, flow.id()).putLong(8, id));
				}
				catch (FlowDownException down) {
					live.remove(i--);
					continue;
				}
				sent.incrementAndGet();
				try {
					int n = flow.read(reply);
					ByteBuffer in = ByteBuffer.wrap(reply, 0, n);
					if (n != 17 || in.getLong() != flow.id() || in.getLong() != id) {
						throw new AssertionError("a reply crossed over: " + n + " bytes on flow " + flow.id());
					}
					answered.incrementAndGet();
				}
				catch (FlowDownException down) {
					refused.incrementAndGet();
					live.remove(i--);
				}
			}
		}
		flows.forEach(Flow::close);
	}

	@Test
	void aBlockedHandlerDoesNotStopTheOthersAndIsBoundedByTheShutdownTimeout() throws Exception {
		this.contextRunner.withUserConfiguration(ListenerFixtures.Holding.class)
			.withPropertyValues("ouroboros.listener.concurrency=2", "ouroboros.listener.shutdown-timeout=300ms")
			.run((context) -> {
				ListenerFixtures.Holding holding = context.getBean(ListenerFixtures.Holding.class);
				Ouroboros client = this.layer.newProcess("client");
				Flow stuck = client.alloc("holding", QosSpec.DATA, WAIT);
				stuck.writeLine("hold");
				assertThat(holding.awaitHeld(Duration.ofSeconds(5))).isTrue();
				// the other worker keeps serving everybody else
				for (int i = 0; i < 200; i++) {
					Flow flow = client.alloc("holding", QosSpec.DATA, WAIT);
					flow.setReadTimeout(WAIT);
					flow.writeLine("hello " + i);
					assertThat(flow.readLine()).isEqualTo("answer to hello " + i);
					flow.close();
				}
				OuroborosListenerContainer container = container(context, "holding");
				long before = System.nanoTime();
				container.stop();
				long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
				assertThat(stopMillis).as("stop is bounded by the shutdown timeout").isLessThan(5_000);
				assertThat(container.getOpenFlowCount()).isZero();
				stuck.setReadTimeout(WAIT);
				assertThat(catchFailure(stuck::readLine)).isInstanceOf(FlowDownException.class);
				holding.release();
				client.close();
				ReliabilityFigures.add("faults survived: handler blocked, others served, stop bounded", 1);
			});
	}

	@Test
	void aFlowListenerBlockedOnASilentClientIsEndedByTheIdleTimeoutAndTheListenerServesTheNext() {
		this.contextRunner.withUserConfiguration(FlowEcho.class)
			.withPropertyValues("ouroboros.listener.idle-timeout=300ms")
			.run((context) -> {
				FlowEcho echo = context.getBean(FlowEcho.class);
				Ouroboros client = this.layer.newProcess("client");
				Flow silent = client.alloc("flow-echo", QosSpec.DATA, WAIT);
				assertThat(echo.endings.poll(5, TimeUnit.SECONDS)).isInstanceOf(FlowTimeoutException.class);
				silent.setReadTimeout(WAIT);
				assertThat(catchFailure(silent::readLine)).isInstanceOf(FlowDownException.class);
				Flow next = client.alloc("flow-echo", QosSpec.DATA, WAIT);
				next.setReadTimeout(WAIT);
				next.writeLine("still serving");
				assertThat(next.readLine()).isEqualTo("still serving");
				client.close();
				ReliabilityFigures.add("faults survived: silent client ended by the idle timeout", 1);
			});
	}

	// ---------------------------------------------------------------- peers that go away

	@Test
	void aPeerThatDeallocatesMidStreamIsSeenByTheFlowListenerAfterEveryPacketItSent() {
		this.contextRunner.withUserConfiguration(FlowEcho.class).run((context) -> {
			FlowEcho echo = context.getBean(FlowEcho.class);
			Ouroboros client = this.layer.newProcess("client");
			Flow flow = client.alloc("flow-collect", QosSpec.DATA, WAIT);
			for (int i = 0; i < 5; i++) {
				flow.writeLine("line " + i);
			}
			flow.close();
			assertThat(echo.endings.poll(5, TimeUnit.SECONDS)).isInstanceOf(FlowDownException.class);
			assertThat(echo.lines).containsExactly("line 0", "line 1", "line 2", "line 3", "line 4");
			awaitNoOpenFlows(container(context, "flow-collect"));
			client.close();
		});
	}

	@Test
	void aCrashedClientIsFoundByItsPeerTimeoutAndItsFlowsLeaveBothKindsOfListener() {
		this.contextRunner.withUserConfiguration(FlowEcho.class, Tagging.class).run((context) -> {
			FlowEcho echo = context.getBean(FlowEcho.class);
			Ouroboros client = this.layer.newProcess("doomed");
			QosSpec qos = QosSpec.DATA.withPeerTimeout(Duration.ofMillis(300));
			Flow toFlowListener = client.alloc("flow-echo", qos, WAIT);
			toFlowListener.writeLine("hello");
			List<Flow> toPacketListener = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				Flow flow = client.alloc("tag", qos, WAIT);
				flow.setReadTimeout(WAIT);
				flow.write(ByteBuffer.allocate(16).putLong(0, flow.id()).putLong(8, 1));
				assertThat(flow.read(64)).hasSize(17);
				toPacketListener.add(flow);
			}
			OuroborosListenerContainer packets = container(context, "tag");
			assertThat(packets.getOpenFlowCount()).isEqualTo(20);
			this.layer.crash(client);
			assertThat(echo.endings.poll(5, TimeUnit.SECONDS)).isInstanceOf(FlowPeerTimeoutException.class);
			awaitNoOpenFlows(packets);
			awaitNoOpenFlows(container(context, "flow-echo"));
			ReliabilityFigures.add("faults survived: client crashed, its flows left the listeners", 21);
		});
	}

	// ---------------------------------------------------------------- helpers

	/**
	 * Runs {@code threads} client threads on {@code flows} flows of one client process, each round
	 * a request on every flow then every reply.
	 * @return requests sent, replies received (each its own), replies that were errors
	 */
	private long[] runClients(String name, int threads, int flows, int rounds, QosSpec qos) throws Exception {
		Ouroboros client = this.layer.newProcess("client");
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<long[]>> results = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int first = t * flows / threads;
				int last = (t + 1) * flows / threads;
				results.add(pool.submit(() -> {
					List<Flow> mine = new ArrayList<>();
					for (int i = first; i < last; i++) {
						Flow flow = client.alloc(name, qos, WAIT);
						flow.setReadTimeout(Duration.ofSeconds(30));
						mine.add(flow);
					}
					long sent = 0;
					long received = 0;
					long errors = 0;
					byte[] reply = new byte[64];
					ByteBuffer request = ByteBuffer.allocate(16);
					for (int round = 0; round < rounds; round++) {
						for (int i = 0; i < mine.size(); i++) {
							request.clear().putLong(first + i).putLong(round).flip();
							mine.get(i).write(request);
							sent++;
						}
						for (int i = 0; i < mine.size(); i++) {
							int n = mine.get(i).read(reply);
							ByteBuffer in = ByteBuffer.wrap(reply, 0, n);
							long flowId = in.getLong();
							long seq = in.getLong();
							byte mark = in.get();
							if (n != 17 || flowId != first + i || seq != round || (mark != 'R' && mark != 'E')) {
								throw new AssertionError("flow " + (first + i) + " round " + round
										+ " got a reply for flow " + flowId + " round " + seq);
							}
							received++;
							if (mark == 'E') {
								errors++;
							}
						}
					}
					mine.forEach(Flow::close);
					return new long[] { sent, received, errors };
				}));
			}
			long[] total = new long[3];
			for (Future<long[]> result : results) {
				long[] counts = result.get(5, TimeUnit.MINUTES);
				for (int i = 0; i < 3; i++) {
					total[i] += counts[i];
				}
			}
			return total;
		}
		finally {
			pool.shutdownNow();
			client.close();
		}
	}

	private static OuroborosListenerContainer container(
			org.springframework.context.ApplicationContext context, String id) {
		return context.getBean(OuroborosListenerEndpointRegistry.class).getListenerContainer(id);
	}

	private static void awaitNoOpenFlows(OuroborosListenerContainer container) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (container.getOpenFlowCount() > 0 && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(container.getOpenFlowCount()).as("flows still open in " + container).isZero();
	}

	private static Throwable catchFailure(Runnable call) {
		try {
			call.run();
		}
		catch (Throwable ex) {
			return ex;
		}
		throw new AssertionError("the call succeeded, a failure was expected");
	}

	// ---------------------------------------------------------------- the applications

	/** Replies to a request of flow id and sequence with both and a mark; every 7th fragile one fails. */
	static class Tagging {

		final AtomicLong handled = new AtomicLong();

		final AtomicLong errors = new AtomicLong();

		@OuroborosListener(id = "tag", name = "tag")
		byte[] tag(byte[] request) {
			this.handled.incrementAndGet();
			return reply(request, 'R');
		}

		@OuroborosListener(id = "fragile", name = "fragile", errorHandler = "tagErrors")
		byte[] fragile(byte[] request) {
			if (ByteBuffer.wrap(request).getLong(8) % 7 == 3) {
				throw new IllegalStateException("expected in this test: every 7th request fails");
			}
			return reply(request, 'R');
		}

		@Bean
		OuroborosListenerErrorHandler tagErrors() {
			return (exception, invocation) -> {
				this.errors.incrementAndGet();
				return reply(invocation.payload(), 'E');
			};
		}

		static byte[] reply(byte[] request, char mark) {
			return ByteBuffer.allocate(17).put(request, 0, 16).put((byte) mark).array();
		}

	}

	/** Echoes lines on its flow until the flow ends, and says how it ended. */
	static class FlowEcho {

		final BlockingQueue<Throwable> endings = new LinkedBlockingQueue<>();

		final List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();

		@OuroborosListener(id = "flow-echo", name = "flow-echo")
		void echo(Flow flow) {
			try {
				while (true) {
					String line = flow.readLine();
					this.lines.add(line);
					flow.writeLine(line);
				}
			}
			catch (FlowException ended) {
				this.endings.add(ended);
			}
		}

		@OuroborosListener(id = "flow-collect", name = "flow-collect")
		void collect(Flow flow) {
			try {
				while (true) {
					this.lines.add(flow.readLine());
				}
			}
			catch (FlowException ended) {
				this.endings.add(ended);
			}
		}

	}

}
