package rocks.ouroboros.spring.listener;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import rocks.ouroboros.jna.NativeOuroboros;
import rocks.ouroboros.jna.Peer;
import rocks.ouroboros.jna.TaggedRequests;
import rocks.ouroboros.flow.BackendKind;
import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowException;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.spring.autoconfigure.OuroborosAutoConfiguration;
import rocks.ouroboros.spring.autoconfigure.OuroborosListenerAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Listeners on real Ouroboros, answering upstream's C client {@code oping} (a process of its own:
 * a process cannot allocate a flow to a name it serves itself). Each test creates a fresh name in
 * the layer {@code local} ({@code -Douroboros.test.layer=...} to change it); skipped with one line
 * when Ouroboros is not usable here.
 */
@NativeOuroboros
@Tag("native")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NativeListenerTests {

	private static final String LAYER = System.getProperty("ouroboros.test.layer", "local");

	/**
	 * The QoS of the shutdown test's client flows: {@code raw} by default, since FRCT flows
	 * ({@code data}) stall on upstream 0.23.0 here (see docs/native.md).
	 */
	private static final String CLIENT_QOS = System.getProperty("ouroboros.test.shutdown-qos", "raw");

	/** How many flows the load test opens at once ({@code -Douroboros.test.native-flows=...}). */
	private static final int MANY_FLOWS = Integer.getInteger("ouroboros.test.native-flows", 1000);

	/**
	 * Requests in flight at most in the load test: upstream 0.23.0 queues the events of a flow set in
	 * 1024 slots without a bound check (ssm_flow_set_notify), so more packets between two waits would
	 * overrun them.
	 */
	private static final int WINDOW = 256;

	private static ApplicationContextRunner runner(String name, Class<?> listener) {
		return new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(OuroborosAutoConfiguration.class, OuroborosListenerAutoConfiguration.class))
			.withPropertyValues("ouroboros.backend=native", "ouroboros.names." + name + ".create=true",
					"ouroboros.names." + name + ".layers=" + LAYER, "test.name=" + name)
			.withUserConfiguration(listener);
	}

	private static String freshName() {
		return "jspring-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/** Runs {@code oping} against {@code name}; its output, or a failure with the output. */
	private static Oping oping(String name, int count) throws IOException {
		return oping(name, count, 1);
	}

	private static String pingOutput(String name, int count) throws IOException, InterruptedException {
		try (Oping client = oping(name, count)) {
			return client.output();
		}
	}

	private static Oping oping(String name, int count, int intervalMillis) throws IOException {
		Process process = new ProcessBuilder("oping", "-n", name, "-c", Integer.toString(count), "-i",
				Integer.toString(intervalMillis), "-Q")
			.redirectErrorStream(true)
			.start();
		return new Oping(process);
	}

	@Test
	void aByteArrayListenerAnswersEveryPingOfACClient() {
		String name = freshName();
		runner(name, EchoBytes.class).run((context) -> {
			assertThat(context.getBean(Ouroboros.class).backend()).isEqualTo(BackendKind.NATIVE);
			assertThat(pingOutput(name, 20)).contains("20 packets transmitted, 20 received");
			assertThat(context.getBean(OuroborosListenerEndpointRegistry.class).getListenerContainer("echo")
				.getHandledCount()).isEqualTo(20);
		});
	}

	@Test
	void aFlowListenerAnswersEveryPingOnTheFlowItOwns() {
		String name = freshName();
		runner(name, EchoFlow.class)
			.run((context) -> assertThat(pingOutput(name, 20)).contains("20 packets transmitted, 20 received"));
	}

	/**
	 * A flow-mode listener holding the flow of a C client killed mid-flow once hung the context's
	 * close: the dispatcher waited without bound for an accept thread stuck in native code.
	 */
	@Test
	void closingTheContextIsBoundedWhenTheFlowsPeerWasKilled() throws Exception {
		String name = freshName();
		runner(name, EchoFlow.class).withPropertyValues("ouroboros.listener.shutdown-timeout=2s").run((context) -> {
			Process client = new ProcessBuilder("oping", "-n", name, "-c", "100000", "-i", "1", "-Q")
				.redirectErrorStream(true)
				.start();
			try {
				OuroborosListenerContainer container = context.getBean(OuroborosListenerEndpointRegistry.class)
					.getListenerContainer("echo");
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
				while (container.getAcceptedFlowCount() == 0 && System.nanoTime() < deadline) {
					Thread.sleep(50);
				}
				assertThat(container.getAcceptedFlowCount()).as("flows accepted from oping").isEqualTo(1);
				Thread.sleep(500);
			}
			finally {
				// SIGKILL mid-flow, packets in both directions
				client.destroyForcibly();
				client.waitFor(5, TimeUnit.SECONDS);
			}
			long start = System.nanoTime();
			context.close();
			long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			assertThat(millis).as("close with a 2 s shutdown timeout took %d ms", millis).isLessThan(2000 + 5000);
		});
	}

	@Test
	void aByteBufferListenerWithTheFlowAnswersEveryPing() {
		String name = freshName();
		runner(name, EchoBuffer.class)
			.run((context) -> assertThat(pingOutput(name, 20)).contains("20 packets transmitted, 20 received"));
	}

	@Test
	void severalClientsAtOnceAreAllAnsweredWithinTheConcurrency() {
		String name = freshName();
		runner(name, EchoBytes.class).withPropertyValues("ouroboros.listener.concurrency=2").run((context) -> {
			OuroborosListenerContainer echo = context.getBean(OuroborosListenerEndpointRegistry.class)
				.getListenerContainer("echo");
			List<Oping> clients = new ArrayList<>();
			try {
				for (int i = 0; i < 8; i++) {
					clients.add(oping(name, 50, 10));
					// upstream 0.23.0's irmd mixes up allocations to one name that arrive at the same
					// moment (OAP response ID mismatch, -1008): start each client once the last is in
					long accepted = i + 1;
					org.awaitility.Awaitility.await()
						.atMost(java.time.Duration.ofSeconds(10))
						.until(() -> echo.getAcceptedFlowCount() == accepted);
				}
				assertThat(echo.getOpenFlowCount()).isGreaterThan(1);
				for (Oping client : clients) {
					assertThat(client.output()).contains("50 packets transmitted, 50 received");
				}
				assertThat(echo.getAcceptedFlowCount()).isEqualTo(8);
			}
			finally {
				clients.forEach(Oping::close);
			}
		});
	}

	/**
	 * A client in another JVM keeps one request in flight on each of its flows while the context
	 * closes: every request the listener took is answered, and only those sent after it stopped
	 * reading are refused (the flow goes down under them).
	 */
	@Test
	void gracefulShutdownAnswersEveryRequestItAcceptedFromAnotherProcess() throws Exception {
		String name = freshName();
		int flows = 50;
		int handledBeforeStop = 5_000;
		try (Peer peer = Peer.start()) {
			runner(name, Tagging.class).withPropertyValues("ouroboros.listener.shutdown-timeout=15s").run((context) -> {
				Tagging tagging = context.getBean(Tagging.class);
				assertThat(peer.send("open " + name + " " + flows + " " + CLIENT_QOS, 60)).isEqualTo("ok " + flows);
				peer.post("ask 4");
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
				while (tagging.handled.get() < handledBeforeStop && System.nanoTime() < deadline) {
					Thread.sleep(5);
				}
				assertThat(tagging.handled.get()).as("requests handled within 30 s before the stop")
					.isGreaterThanOrEqualTo(handledBeforeStop);
				context.close();
				long handled = tagging.handled.get();
				String answer = peer.answer(60);
				assertThat(answer).startsWith("ok ");
				long[] counts = counts(answer);
				long sent = counts[0];
				long answered = counts[1];
				long refused = counts[2];
				System.out.printf("native graceful shutdown (%s): %d flows, %d requests sent, %d handled, %d answered,"
						+ " %d refused (sent after the listener stopped reading), %d crossed, %d lost%n", CLIENT_QOS, flows,
						sent, handled, answered, refused, counts[3], counts[4]);
				assertThat(counts[3]).as("replies that crossed to another flow or request: " + answer).isZero();
				assertThat(counts[4]).as("requests lost without the flow going down: " + answer).isZero();
				assertThat(answered).as("every request the listener accepted was answered").isEqualTo(handled);
				assertThat(answered + refused).as("each request was answered or clearly refused").isEqualTo(sent);
				assertThat(refused).as("at most one request in flight per flow at the stop").isLessThanOrEqualTo(flows);
				peer.ok("closeall");
				rocks.ouroboros.reliability.ReliabilityFigures
					.add("native graceful shutdown: requests in flight from another JVM answered", answered);
			});
		}
	}

	/**
	 * Another JVM opens many flows to one listener and runs request/replies on all of them at once:
	 * every request gets its own reply on its own flow, counted on both sides.
	 */
	@Test
	@Timeout(value = 300, unit = TimeUnit.SECONDS)
	void manyConcurrentFlowsFromAnotherProcessGetEveryReplyTheirOwn() throws Exception {
		String name = freshName();
		int flows = MANY_FLOWS;
		int rounds = 20;
		try (Peer peer = Peer.start()) {
			runner(name, Tagging.class).run((context) -> {
				Tagging tagging = context.getBean(Tagging.class);
				OuroborosListenerContainer container = context.getBean(OuroborosListenerEndpointRegistry.class)
					.getListenerContainer("tag");
				long opening = System.nanoTime();
				// without a peer timeout: upstream 0.23.0's keepalive thread races with flow_dealloc (docs/native.md)
				assertThat(peer.send("open " + name + " " + flows + " raw-no-timeout", 240)).isEqualTo("ok " + flows);
				long openMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opening);
				org.awaitility.Awaitility.await()
					.atMost(java.time.Duration.ofSeconds(10))
					.until(() -> container.getOpenFlowCount() == flows);
				String answer = peer.send("load " + rounds + " 4 " + WINDOW, 100);
				assertThat(answer).startsWith("ok ");
				long[] counts = counts(answer);
				System.out.printf("native listener load: %d flows from another JVM (opened in %d ms), %d requests sent,"
						+ " %d handled, %d replies each its own, %d crossed, %d lost, at most %d in flight, in %d ms%n",
						flows, openMillis, counts[0], tagging.handled.get(), counts[1], counts[2], counts[3], WINDOW,
						counts[4]);
				assertThat(counts[2]).as("replies that crossed to another flow or request: " + answer).isZero();
				assertThat(counts[3]).as("requests without a reply: " + answer).isZero();
				assertThat(counts[0]).as("requests sent").isEqualTo((long) flows * rounds);
				assertThat(counts[1]).as("replies received, each its own").isEqualTo(counts[0]);
				assertThat(tagging.handled.get()).as("requests the listener handled").isEqualTo(counts[0]);
				assertThat(container.getFailedCount()).isZero();
				peer.ok("closeall");
				org.awaitility.Awaitility.await()
					.atMost(java.time.Duration.ofSeconds(20))
					.until(() -> container.getOpenFlowCount() == 0);
				rocks.ouroboros.reliability.ReliabilityFigures
					.add("native listener load: flows at once from another JVM", flows);
				rocks.ouroboros.reliability.ReliabilityFigures
					.add("native listener load: request/replies, each its own, none lost", counts[1]);
			});
		}
	}

	/** The numbers at the start of a peer's answer {@code ok <n> <n> ... [failure]}. */
	private static long[] counts(String answer) {
		String[] words = answer.substring(3).split(" ");
		long[] counts = new long[5];
		for (int i = 0; i < counts.length && i < words.length; i++) {
			counts[i] = Long.parseLong(words[i]);
		}
		return counts;
	}

	@Test
	void theRegistryStartsAndStopsAListenerById() {
		String name = freshName();
		runner(name, ManualEcho.class).run((context) -> {
			OuroborosListenerContainer manual = context.getBean(OuroborosListenerEndpointRegistry.class)
				.getListenerContainer("manual");
			assertThat(manual.getState()).isEqualTo(ListenerState.CREATED);
			manual.start();
			assertThat(pingOutput(name, 5)).contains("5 packets transmitted, 5 received");
			manual.stop();
			assertThat(manual.getState()).isEqualTo(ListenerState.STOPPED);
			manual.start();
			assertThat(pingOutput(name, 5)).contains("5 packets transmitted, 5 received");
		});
	}

	@Test
	void autoChoosesTheNativeBackendWhenItIsUsable() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(OuroborosAutoConfiguration.class))
			.run((context) -> assertThat(context.getBean(Ouroboros.class).backend()).isEqualTo(BackendKind.NATIVE));
	}

	@Test
	void listenersOnTwoNamesFailStartUpSayingWhyAndWhatToDo() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(OuroborosAutoConfiguration.class, OuroborosListenerAutoConfiguration.class))
			.withPropertyValues("ouroboros.backend=native")
			.withUserConfiguration(TwoNames.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("cannot tell which name an accepted flow was allocated to")
				.hasMessageContaining("one process serves one name"));
	}

	/** An {@code oping} process, waited for at most 60 s and killed if it is still there when closed. */
	static final class Oping implements AutoCloseable {

		private final Process process;

		Oping(Process process) {
			this.process = process;
		}

		String output() throws IOException, InterruptedException {
			if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
				throw new IllegalStateException("oping did not finish within 60 s");
			}
			return new String(this.process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}

		@Override
		public void close() {
			this.process.destroyForcibly();
		}

	}

	/** What {@code oping}'s server does: mark the request (type 0, big-endian) as a reply (type 1). */
	static byte[] pong(byte[] ping) {
		byte[] pong = ping.clone();
		ByteBuffer.wrap(pong).putInt(0, 1);
		return pong;
	}

	static class EchoBytes {

		@OuroborosListener(id = "echo", name = "${test.name}")
		byte[] echo(byte[] packet) {
			return pong(packet);
		}

	}

	static class EchoBuffer {

		@OuroborosListener(id = "echo", name = "${test.name}")
		ByteBuffer echo(ByteBuffer packet, Flow flow) {
			assertThat(flow.role()).isEqualTo(rocks.ouroboros.flow.FlowRole.SERVER);
			return packet.duplicate().putInt(0, 1);
		}

	}

	static class EchoFlow {

		@OuroborosListener(id = "echo", name = "${test.name}")
		void echo(Flow flow) {
			flow.setReadTimeout(java.time.Duration.ofSeconds(10));
			byte[] buffer = new byte[4096];
			try {
				while (true) {
					int n = flow.read(buffer);
					ByteBuffer.wrap(buffer).putInt(0, 1);
					flow.write(buffer, 0, n);
				}
			}
			catch (FlowException ex) {
				// the client left
			}
		}

	}

	/** Answers each tagged request ({@link TaggedRequests}) on its flow and counts what it handled. */
	static class Tagging {

		final java.util.concurrent.atomic.AtomicLong handled = new java.util.concurrent.atomic.AtomicLong();

		@OuroborosListener(id = "tag", name = "${test.name}")
		byte[] tag(byte[] request) {
			this.handled.incrementAndGet();
			return TaggedRequests.reply(request);
		}

	}

	static class ManualEcho {

		@OuroborosListener(id = "manual", name = "${test.name}", autoStartup = "false")
		byte[] echo(byte[] packet) {
			return pong(packet);
		}

	}

	static class TwoNames {

		@OuroborosListener(id = "first", name = "jspring-first")
		String first(String line) {
			return line;
		}

		@OuroborosListener(id = "second", name = "jspring-second")
		String second(String line) {
			return line;
		}

	}

}
