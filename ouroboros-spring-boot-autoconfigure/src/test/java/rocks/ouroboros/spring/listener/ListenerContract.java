package rocks.ouroboros.spring.listener;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowDownException;
import rocks.ouroboros.flow.FlowException;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.QosSpec;
import rocks.ouroboros.spring.autoconfigure.OuroborosAutoConfiguration;
import rocks.ouroboros.spring.autoconfigure.OuroborosListenerAutoConfiguration;
import rocks.ouroboros.spring.core.FlowFactory;
import rocks.ouroboros.spring.core.FlowTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What a listener does for its clients: each test starts a context with one listener on a fresh
 * name and talks to it from another {@link Ouroboros} instance. A backend runs it by saying how to
 * select it and how to open a client ({@link EmbeddedListenerTests}); the native backend cannot use
 * it, since a process cannot allocate a flow to a name it serves itself, so
 * {@link NativeListenerTests} talks to its listeners from upstream's {@code oping}.
 */
abstract class ListenerContract {

	static final Duration WAIT = Duration.ofSeconds(10);

	/** The properties that choose the backend and make {@code name} servable. */
	abstract String[] backendProperties(String name);

	/** A client instance that can reach the names of {@code context}; closed by the test. */
	abstract Ouroboros openClient(AssertableApplicationContext context);

	/** Adds what the backend needs to the context. */
	ApplicationContextRunner prepare(ApplicationContextRunner runner) {
		return runner;
	}

	/** How many client flows the many-flows test opens at once. */
	int manyFlows() {
		return 1000;
	}

	private ApplicationContextRunner runner(String name, Class<?> listener) {
		return prepare(new ApplicationContextRunner()).withConfiguration(
					AutoConfigurations.of(OuroborosAutoConfiguration.class, OuroborosListenerAutoConfiguration.class))
			.withPropertyValues(backendProperties(name))
			.withPropertyValues("test.name=" + name)
			.withUserConfiguration(listener);
	}

	private static String freshName() {
		return "jspring-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private static FlowTemplate template(Ouroboros client, String name) {
		return new FlowTemplate(new FlowFactory(client, name, QosSpec.RAW, WAIT, WAIT, WAIT, Set.of()));
	}

	private void withClient(String name, Class<?> listener, String[] properties, ClientTest test) {
		runner(name, listener).withPropertyValues(properties).run((context) -> {
			assertThat(context).hasNotFailed();
			try (Ouroboros client = openClient(context)) {
				test.run(context, client);
			}
		});
	}

	private void withClient(String name, Class<?> listener, ClientTest test) {
		withClient(name, listener, new String[0], test);
	}

	@Test
	void aFlowListenerAnswersOnTheFlowItOwns() {
		String name = freshName();
		withClient(name, UpperFlow.class, (context, client) -> {
			String replies = template(client, name).execute((flow) -> {
				flow.writeLine("first");
				String one = flow.readLine();
				flow.writeLine("second");
				return one + " " + flow.readLine();
			});
			assertThat(replies).isEqualTo("FIRST SECOND");
		});
	}

	@Test
	void aByteArrayListenerRepliesToEachPacket() {
		String name = freshName();
		withClient(name, ListenerFixtures.ReverseBytes.class, (context, client) -> assertThat(
				template(client, name).request(new byte[] { 1, 2, 3 })).containsExactly(3, 2, 1));
	}

	@Test
	void aStringListenerRepliesWithText() {
		String name = freshName();
		withClient(name, Greeter.class,
				(context, client) -> assertThat(template(client, name).requestLine("Ada")).isEqualTo("Hello, Ada"));
	}

	@Test
	void aByteBufferListenerGetsThePayloadAndItsFlow() {
		String name = freshName();
		withClient(name, BufferWithFlow.class, (context, client) -> assertThat(
				template(client, name).requestLine("12345")).isEqualTo("5 bytes on a SERVER flow"));
	}

	@Test
	void packetsOfOneFlowAreAnsweredInOrder() {
		String name = freshName();
		withClient(name, Greeter.class, (context, client) -> {
			List<String> replies = template(client, name).execute((flow) -> {
				for (int i = 0; i < 100; i++) {
					flow.writeLine(Integer.toString(i));
				}
				List<String> read = new ArrayList<>();
				for (int i = 0; i < 100; i++) {
					read.add(flow.readLine());
				}
				return read;
			});
			for (int i = 0; i < 100; i++) {
				assertThat(replies.get(i)).isEqualTo("Hello, " + i);
			}
		});
	}

	@Test
	void anExceptionGoesToTheErrorHandlerAndTheListenerLivesOn() {
		String name = freshName();
		withClient(name, ListenerFixtures.Fragile.class, (context, client) -> {
			String replies = template(client, name).execute((flow) -> {
				flow.writeLine("boom");
				String first = flow.readLine();
				flow.writeLine("fine");
				return first + " / " + flow.readLine();
			});
			assertThat(replies).isEqualTo("error: no boom please / ok fine");
			assertThat(context.getBean(ListenerFixtures.Fragile.class).failures.poll(5, TimeUnit.SECONDS)).isNotNull();
			OuroborosListenerContainer container = context.getBean(OuroborosListenerEndpointRegistry.class)
				.getListenerContainer("fragile");
			assertThat(container.getFailedCount()).isEqualTo(1);
			assertThat(container.getState()).isEqualTo(ListenerState.RUNNING);
		});
	}

	@Test
	void aFlowListenerThatThrowsHasItsFlowDeallocated() {
		String name = freshName();
		withClient(name, ListenerFixtures.FragileFlow.class, (context, client) -> {
			template(client, name).execute((flow) -> {
				flow.writeLine("boom");
				assertThatExceptionOfType(FlowException.class).isThrownBy(flow::readLine);
				return null;
			});
			assertThat(template(client, name).requestLine("hello")).isEqualTo("hello");
		});
	}

	@Test
	void noMoreHandlerCallsRunAtOnceThanTheConcurrency() {
		String name = freshName();
		withClient(name, Gated.class, new String[] { "ouroboros.listener.concurrency=3" }, (context, client) -> {
			Gated gated = context.getBean(Gated.class);
			List<Flow> flows = new ArrayList<>();
			try {
				for (int i = 0; i < 6; i++) {
					Flow flow = client.alloc(name, QosSpec.RAW, WAIT);
					flow.setReadTimeout(WAIT);
					flow.writeLine("request " + i);
					flows.add(flow);
				}
				assertThat(gated.entered.await(10, TimeUnit.SECONDS)).isTrue();
				assertThat(gated.inside.get()).isEqualTo(3);
				gated.gate.countDown();
				for (int i = 0; i < 6; i++) {
					assertThat(flows.get(i).readLine()).isEqualTo("answer to request " + i);
				}
				assertThat(gated.maxInside.get()).isEqualTo(3);
			}
			finally {
				gated.gate.countDown();
				flows.forEach(Flow::close);
			}
		});
	}

	@Test
	void aFlowIsAnsweredWhileAnotherFlowsHandlerIsHeldAndAfterQuietSpells() {
		String name = freshName();
		withClient(name, ListenerFixtures.Holding.class, (context, client) -> {
			ListenerFixtures.Holding holding = context.getBean(ListenerFixtures.Holding.class);
			Flow held = client.alloc(name, QosSpec.RAW, WAIT);
			Flow other = client.alloc(name, QosSpec.RAW, WAIT);
			try {
				held.setReadTimeout(WAIT);
				other.setReadTimeout(WAIT);
				// a first request, so that the hold comes while a handler thread of the listener reads
				held.writeLine("first");
				assertThat(held.readLine()).isEqualTo("answer to first");
				held.writeLine("hold");
				assertThat(holding.awaitHeld(WAIT)).isTrue();
				for (int i = 0; i < 3; i++) {
					other.writeLine("request " + i);
					assertThat(other.readLine()).isEqualTo("answer to request " + i);
					// longer than a wait slice without packets: the listener's reading moves between threads
					Thread.sleep(250);
				}
				holding.release();
				assertThat(held.readLine()).isEqualTo("answer to hold");
				Thread.sleep(250);
				held.writeLine("again");
				assertThat(held.readLine()).isEqualTo("answer to again");
			}
			finally {
				holding.release();
				held.close();
				other.close();
			}
		});
	}

	@Test
	void theRegistryStartsAndStopsAListenerById() {
		String name = freshName();
		withClient(name, ListenerFixtures.Manual.class, (context, client) -> {
			OuroborosListenerContainer manual = context.getBean(OuroborosListenerEndpointRegistry.class)
				.getListenerContainer("manual");
			assertThat(manual.getState()).isEqualTo(ListenerState.CREATED);
			manual.start();
			assertThat(template(client, name).requestLine("x")).isEqualTo("manual x");
			manual.stop();
			assertThat(manual.getState()).isEqualTo(ListenerState.STOPPED);
			manual.start();
			assertThat(manual.getState()).isEqualTo(ListenerState.RUNNING);
			assertThat(template(client, name).requestLine("y")).isEqualTo("manual y");
		});
	}

	@Test
	void closingTheContextAnswersEveryRequestInFlight() {
		String name = freshName();
		runner(name, Gated.class).withPropertyValues("ouroboros.listener.concurrency=2").run((context) -> {
			Gated gated = context.getBean(Gated.class);
			OuroborosListenerContainer container = context.getBean(OuroborosListenerEndpointRegistry.class)
				.getListenerContainer("gated");
			try (Ouroboros client = openClient(context)) {
				List<Flow> flows = new ArrayList<>();
				for (int i = 0; i < 8; i++) {
					Flow flow = client.alloc(name, QosSpec.RAW, WAIT);
					flow.setReadTimeout(WAIT);
					flow.writeLine("request " + i);
					flows.add(flow);
				}
				assertThat(gated.entered.await(10, TimeUnit.SECONDS)).isTrue();
				Awaitility.await().atMost(WAIT).until(() -> container.getOpenFlowCount() == 8);
				Thread closer = new Thread(context::close);
				closer.start();
				Awaitility.await().atMost(WAIT).until(() -> container.getState() == ListenerState.STOPPING);
				gated.gate.countDown();
				for (int i = 0; i < 8; i++) {
					assertThat(flows.get(i).readLine()).isEqualTo("answer to request " + i);
				}
				closer.join(WAIT.toMillis());
				assertThat(container.getState()).isEqualTo(ListenerState.STOPPED);
				assertThat(container.getOpenFlowCount()).isZero();
			}
		});
	}

	@Test
	void manyConcurrentClientFlowsAreAllAnsweredByOneListener() {
		String name = freshName();
		int count = manyFlows();
		withClient(name, ListenerFixtures.ReverseBytes.class, (context, client) -> {
			List<Flow> flows = new ArrayList<>(count);
			try {
				for (int i = 0; i < count; i++) {
					Flow flow = client.alloc(name, QosSpec.RAW, WAIT);
					flow.setReadTimeout(WAIT);
					flows.add(flow);
				}
				for (int i = 0; i < count; i++) {
					flows.get(i).write(ByteBuffer.allocate(4).putInt(0, i).array());
				}
				for (int i = 0; i < count; i++) {
					byte[] reply = flows.get(i).read(4);
					assertThat(ByteBuffer.wrap(reply).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt()).isEqualTo(i);
				}
				OuroborosListenerContainer container = context.getBean(OuroborosListenerEndpointRegistry.class)
					.getListenerContainer("reverse");
				assertThat(container.getOpenFlowCount()).isEqualTo(count);
				assertThat(container.getHandledCount()).isEqualTo(count);
			}
			finally {
				flows.forEach(Flow::close);
			}
		});
	}

	@FunctionalInterface
	interface ClientTest {

		void run(AssertableApplicationContext context, Ouroboros client) throws Exception;

	}

	static class UpperFlow {

		@OuroborosListener(id = "upper", name = "${test.name}")
		void upper(Flow flow) {
			try {
				while (true) {
					flow.writeLine(flow.readLine().toUpperCase(java.util.Locale.ROOT));
				}
			}
			catch (FlowDownException ex) {
				// the client left
			}
		}

	}

	static class Greeter {

		@OuroborosListener(id = "greeter", name = "${test.name}")
		String greet(String name) {
			return "Hello, " + name;
		}

	}

	static class BufferWithFlow {

		@OuroborosListener(id = "buffer", name = "${test.name}")
		ByteBuffer buffer(ByteBuffer payload, Flow flow) {
			return StandardCharsets.UTF_8.encode(payload.remaining() + " bytes on a " + flow.role() + " flow");
		}

	}

	static class Gated {

		final CountDownLatch gate = new CountDownLatch(1);

		final CountDownLatch entered;

		final AtomicInteger inside = new AtomicInteger();

		final AtomicInteger maxInside = new AtomicInteger();

		Gated(@Value("${ouroboros.listener.concurrency:16}") int concurrency) {
			this.entered = new CountDownLatch(concurrency);
		}

		@OuroborosListener(id = "gated", name = "${test.name}")
		String handle(String request) throws InterruptedException {
			this.maxInside.accumulateAndGet(this.inside.incrementAndGet(), Math::max);
			this.entered.countDown();
			try {
				this.gate.await(20, TimeUnit.SECONDS);
			}
			finally {
				this.inside.decrementAndGet();
			}
			return "answer to " + request;
		}

	}

}
