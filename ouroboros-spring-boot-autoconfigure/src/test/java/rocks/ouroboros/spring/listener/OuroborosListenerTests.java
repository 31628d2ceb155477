package rocks.ouroboros.spring.listener;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import rocks.ouroboros.embedded.EmbeddedLayer;
import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowDownException;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.QosSpec;
import rocks.ouroboros.flow.UnknownNameException;
import rocks.ouroboros.spring.core.FlowFactory;
import rocks.ouroboros.spring.core.FlowTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Listeners of every method shape on the embedded backend, answering clients of another process
 * on the context's own layer: those of {@link ListenerFixtures} on their own names side by side
 * with this class's {@link Listeners} in one application context.
 */
@SpringBootTest(
		classes = { OuroborosListenerTests.Listeners.class, ListenerFixtures.ReverseBytes.class,
				ListenerFixtures.Fragile.class, ListenerFixtures.FragileFlow.class, ListenerFixtures.Manual.class },
		properties = { "ouroboros.backend=embedded", "test.greet-name=greeter",
				"ouroboros.flows.upper.destination=flow-upper", "ouroboros.flows.upper.read-timeout=5s" })
class OuroborosListenerTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	@Autowired
	private EmbeddedLayer layer;

	@Autowired
	private Listeners listeners;

	@Autowired
	private ListenerFixtures.Fragile fragile;

	@Autowired
	private OuroborosListenerEndpointRegistry registry;

	@Autowired
	@Qualifier("upper")
	private FlowTemplate upperTemplate;

	private Ouroboros client;

	@BeforeEach
	void openClient() {
		this.client = this.layer.newProcess("client");
	}

	@AfterEach
	void closeClient() {
		this.client.close();
	}

	private FlowTemplate template(String name) {
		return new FlowTemplate(new FlowFactory(this.client, name, QosSpec.RAW, WAIT, WAIT, WAIT, java.util.Set.of()));
	}

	@Test
	void aFlowListenerOwnsTheFlowAndAnswersOnIt() {
		String reply = this.upperTemplate.execute((flow) -> {
			flow.writeLine("first");
			String one = flow.readLine();
			flow.writeLine("second");
			return one + " " + flow.readLine();
		});
		assertThat(reply).isEqualTo("FIRST SECOND");
	}

	@Test
	void theContainerDeallocatesTheFlowWhenAFlowListenerReturns() {
		this.upperTemplate.execute((flow) -> {
			flow.writeLine("bye");
			assertThat(flow.readLine()).isEqualTo("BYE");
			flow.writeLine("quit");
			assertThatExceptionOfType(FlowDownException.class).isThrownBy(flow::readLine);
			return null;
		});
	}

	@Test
	void aByteArrayListenerRepliesToEachPacket() {
		assertThat(template("reverse").request(new byte[] { 1, 2, 3 })).containsExactly(3, 2, 1);
	}

	@Test
	void aStringListenerServesTheNameItsPlaceholderResolvesTo() {
		assertThat(template("greeter").requestLine("Ada")).isEqualTo("Hello, Ada");
	}

	@Test
	void aByteBufferListenerGetsTheFlowItServes() {
		assertThat(template("buffer").requestLine("12345")).isEqualTo("buffer:5");
	}

	@Test
	void aVoidListenerTakesPacketsAndRepliesNothing() throws Exception {
		template("sink").execute((flow) -> {
			flow.writeLine("one");
			flow.writeLine("two");
			assertThat(this.listeners.sunk.poll(5, TimeUnit.SECONDS)).isEqualTo("one");
			assertThat(this.listeners.sunk.poll(5, TimeUnit.SECONDS)).isEqualTo("two");
			assertThat(flow.rxQueueLength()).isZero();
			return null;
		});
	}

	@Test
	void packetsOfOneFlowAreHandledOneAfterAnotherInOrder() {
		List<String> replies = template("ordered").execute((flow) -> {
			for (int i = 0; i < 200; i++) {
				flow.writeLine(Integer.toString(i));
			}
			List<String> read = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				read.add(flow.readLine());
			}
			return read;
		});
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			expected.add(Integer.toString(i));
		}
		assertThat(replies).isEqualTo(expected);
		assertThat(this.listeners.orderedOverlaps.get()).isZero();
	}

	@Test
	void anExceptionGoesToTheErrorHandlerAndTheListenerLivesOn() throws Exception {
		String replies = template("fragile").execute((flow) -> {
			flow.writeLine("boom");
			String first = flow.readLine();
			flow.writeLine("fine");
			return first + " / " + flow.readLine();
		});
		assertThat(replies).isEqualTo("error: no boom please / ok fine");
		ListenerInvocation failed = this.fragile.failures.poll(5, TimeUnit.SECONDS);
		assertThat(failed).isNotNull();
		assertThat(failed.listenerId()).isEqualTo("fragile");
		assertThat(this.registry.getListenerContainer("fragile").getFailedCount()).isPositive();
		assertThat(this.registry.getListenerContainer("fragile").getState()).isEqualTo(ListenerState.RUNNING);
	}

	@Test
	void aFlowListenerThatThrowsHasItsFlowDeallocatedAndServesTheNextFlow() {
		template("flow-fragile").execute((flow) -> {
			flow.writeLine("boom");
			assertThatExceptionOfType(FlowDownException.class).isThrownBy(flow::readLine);
			return null;
		});
		assertThat(template("flow-fragile").requestLine("hello")).isEqualTo("hello");
	}

	@Test
	void theRegistryStartsAndStopsAListenerById() {
		OuroborosListenerContainer manual = this.registry.getListenerContainer("manual");
		assertThat(manual).isNotNull();
		assertThat(manual.getState()).isEqualTo(ListenerState.CREATED);
		assertThatExceptionOfType(UnknownNameException.class).isThrownBy(() -> template("manual").requestLine("x"));
		manual.start();
		assertThat(manual.isRunning()).isTrue();
		assertThat(template("manual").requestLine("x")).isEqualTo("manual x");
		manual.stop();
		assertThat(manual.getState()).isEqualTo(ListenerState.STOPPED);
		assertThat(manual.getFailure()).isNull();
		assertThatExceptionOfType(UnknownNameException.class).isThrownBy(() -> template("manual").requestLine("x"));
		manual.start();
		assertThat(template("manual").requestLine("y")).isEqualTo("manual y");
		manual.stop();
	}

	@Test
	void theRegistryListsEveryListenerWithItsNameModeAndCounters() {
		assertThat(this.registry.getListenerContainerIds()).contains("fragile", "manual", "reverse",
				"ouroborosListenerTests.Listeners.greet");
		OuroborosListenerContainer reverse = this.registry.getListenerContainer("reverse");
		long handled = reverse.getHandledCount();
		template("reverse").request(new byte[] { 1 });
		assertThat(reverse.getName()).isEqualTo("reverse");
		assertThat(reverse.getMode()).isEqualTo(ListenerMode.PACKET);
		assertThat(reverse.getHandledCount()).isEqualTo(handled + 1);
		assertThat(this.registry.getListenerContainer("upper").getMode()).isEqualTo(ListenerMode.FLOW);
	}

	@Test
	void noMoreHandlerCallsRunAtOnceThanTheListenerConcurrency() throws Exception {
		int flows = 8;
		List<Flow> open = new ArrayList<>();
		try {
			for (int i = 0; i < flows; i++) {
				Flow flow = this.client.alloc("gated", QosSpec.RAW, WAIT);
				flow.setReadTimeout(WAIT);
				flow.writeLine("go");
				open.add(flow);
			}
			assertThat(this.listeners.gateEntered.await(5, TimeUnit.SECONDS)).isTrue();
			OuroborosListenerContainer gated = this.registry.getListenerContainer("gated");
			assertThat(gated.getConcurrency()).isEqualTo(3);
			assertThat(this.listeners.gateInside.get()).isEqualTo(3);
			this.listeners.gate.countDown();
			for (Flow flow : open) {
				assertThat(flow.readLine()).isEqualTo("went");
			}
			assertThat(this.listeners.gateMaxInside.get()).isEqualTo(3);
		}
		finally {
			this.listeners.gate.countDown();
			open.forEach(Flow::close);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Listeners {

		final BlockingQueue<String> sunk = new LinkedBlockingQueue<>();

		final AtomicInteger orderedInside = new AtomicInteger();

		final AtomicInteger orderedOverlaps = new AtomicInteger();

		final CountDownLatch gate = new CountDownLatch(1);

		final CountDownLatch gateEntered = new CountDownLatch(3);

		final AtomicInteger gateInside = new AtomicInteger();

		final AtomicInteger gateMaxInside = new AtomicInteger();

		@Bean(destroyMethod = "close")
		EmbeddedLayer testLayer() {
			return EmbeddedLayer.create();
		}

		@OuroborosListener(id = "upper", name = "flow-upper")
		void upper(Flow flow) {
			try {
				String line;
				while (!"quit".equals(line = flow.readLine())) {
					flow.writeLine(line.toUpperCase(java.util.Locale.ROOT));
				}
			}
			catch (FlowDownException ex) {
				// the client left
			}
		}

		@OuroborosListener(name = "${test.greet-name}")
		String greet(String name) {
			return "Hello, " + name;
		}

		@OuroborosListener(name = "buffer")
		ByteBuffer buffer(ByteBuffer payload, Flow flow) {
			return StandardCharsets.UTF_8.encode(flow.name() + ":" + payload.remaining());
		}

		@OuroborosListener(name = "sink")
		void sink(String line) {
			this.sunk.add(line);
		}

		@OuroborosListener(name = "ordered", concurrency = "4")
		String ordered(String line) throws InterruptedException {
			if (this.orderedInside.incrementAndGet() > 1) {
				this.orderedOverlaps.incrementAndGet();
			}
			Thread.yield();
			this.orderedInside.decrementAndGet();
			return line;
		}

		@OuroborosListener(id = "gated", name = "gated", concurrency = "3")
		String gated(String line) throws InterruptedException {
			int inside = this.gateInside.incrementAndGet();
			this.gateMaxInside.accumulateAndGet(inside, Math::max);
			this.gateEntered.countDown();
			try {
				this.gate.await(10, TimeUnit.SECONDS);
			}
			finally {
				this.gateInside.decrementAndGet();
			}
			return "went";
		}

	}

}
