package rocks.ouroboros.spring.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import rocks.ouroboros.embedded.EmbeddedLayer;
import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowTimeoutException;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.OuroborosUnavailableException;
import rocks.ouroboros.flow.QosSpec;
import rocks.ouroboros.flow.UnknownNameException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static rocks.ouroboros.spring.metrics.FlowMeterNames.*;

class OuroborosFlowMetricsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final QosSpec SLOW_CHAT = QosSpec.RAW.toBuilder().delayMillis(500).build();

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private EmbeddedLayer layer;

	private Ouroboros server;

	private Ouroboros client;

	@BeforeEach
	void openLayer() {
		this.layer = EmbeddedLayer.create();
		this.server = this.layer.newProcess("server");
		this.client = this.layer.newProcess("client");
		this.server.bind("echo");
		QosProfileNames names = QosProfileNames.of(Map.of("slow-chat", SLOW_CHAT));
		new OuroborosFlowMetrics(this.server, names).bindTo(this.registry);
		new OuroborosFlowMetrics(this.client, names).bindTo(this.registry);
	}

	@AfterEach
	void closeLayer() {
		this.client.close();
		this.server.close();
		this.layer.close();
	}

	@Test
	void rxGaugeOfThePeerReadsThePacketsNobodyRead() {
		Flow[] pair = connect(QosSpec.RAW);
		for (int i = 0; i < 7; i++) {
			pair[0].write(new byte[] { (byte) i });
		}
		assertThat(gauge(RX_QUEUE, "server", "raw").value()).isEqualTo(7);
		assertThat(gauge(TX_QUEUE, "client", "raw").value()).isEqualTo(7);
		assertThat(gauge(RX_QUEUE, "client", "raw").value()).isZero();
		pair[1].read(new byte[16]);
		pair[1].read(new byte[16]);
		assertThat(gauge(RX_QUEUE, "server", "raw").value()).isEqualTo(5);
	}

	@Test
	void queueGaugesOfATagSetSumItsFlowsAndVanishWithTheLastOne() {
		Flow[] first = connect(QosSpec.RAW);
		Flow[] second = connect(QosSpec.RAW);
		first[0].write(new byte[] { 1 });
		second[0].write(new byte[] { 2 });
		second[0].write(new byte[] { 3 });
		assertThat(gauge(RX_QUEUE, "server", "raw").value()).isEqualTo(3);
		first[1].close();
		assertThat(gauge(RX_QUEUE, "server", "raw").value()).isEqualTo(2);
		second[1].close();
		assertThat(this.registry.find(RX_QUEUE).tags(ROLE, "server").gauges()).isEmpty();
		assertThat(this.registry.find(TX_QUEUE).tags(ROLE, "server").gauges()).isEmpty();
		assertThat(this.registry.find(TX_QUEUE).tags(ROLE, "client").gauges()).hasSize(1);
		first[0].close();
		second[0].close();
		assertThat(this.registry.find(RX_QUEUE).gauges()).isEmpty();
		assertThat(this.registry.find(TX_QUEUE).gauges()).isEmpty();
	}

	@Test
	void queueGaugesComeBackWhenATagSetOpensAgain() {
		connect(QosSpec.RAW)[1].close();
		assertThat(this.registry.find(RX_QUEUE).tags(ROLE, "server").gauges()).isEmpty();
		Flow[] again = connect(QosSpec.RAW);
		again[0].write(new byte[] { 1 });
		assertThat(gauge(RX_QUEUE, "server", "raw").value()).isEqualTo(1);
	}

	@Test
	void openFlowsAreCountedByNameAndRoleDownToZero() {
		Flow[] raw = connect(QosSpec.RAW);
		Flow[] chat = connect(SLOW_CHAT);
		assertThat(open("client").value()).isEqualTo(2);
		assertThat(open("server").value()).isEqualTo(2);
		raw[0].close();
		assertThat(open("client").value()).isEqualTo(1);
		chat[0].close();
		assertThat(open("client").value()).isZero();
		assertThat(this.registry.find(FLOWS_OPEN).gauges()).hasSize(2);
	}

	@Test
	void qosTagIsTheConfiguredProfileElseThePresetElseCustom() {
		connect(SLOW_CHAT);
		connect(QosSpec.DATA);
		connect(QosSpec.RAW.toBuilder().availability(2).build());
		assertThat(gauge(RX_QUEUE, "server", "slow-chat")).isNotNull();
		assertThat(gauge(RX_QUEUE, "server", "data")).isNotNull();
		assertThat(gauge(RX_QUEUE, "server", "custom")).isNotNull();
		assertThat(this.registry.find(FLOWS_ALLOCATED).tags(QOS, "slow-chat").counter().count()).isEqualTo(1);
	}

	@Test
	void allocatedAndAcceptedFlowsAreCounted() {
		connect(QosSpec.RAW);
		connect(QosSpec.RAW);
		assertThat(this.registry.get(FLOWS_ALLOCATED).tags(NAME, "echo", ROLE, "client", QOS, "raw").counter().count())
			.isEqualTo(2);
		assertThat(this.registry.get(FLOWS_ACCEPTED).tags(NAME, "echo", ROLE, "server", QOS, "raw").counter().count())
			.isEqualTo(2);
	}

	@Test
	void failedAllocsAndAcceptsAreCountedByExceptionName() {
		assertThatExceptionOfType(UnknownNameException.class).isThrownBy(() -> this.client.alloc("nobody"));
		this.server.close();
		assertThatExceptionOfType(OuroborosUnavailableException.class).isThrownBy(() -> this.server.accept());
		assertThat(this.registry.get(FLOWS_FAILED)
			.tags(NAME, "nobody", ROLE, "client", EXCEPTION, "UnknownNameException")
			.counter()
			.count()).isEqualTo(1);
		assertThat(this.registry.get(FLOWS_FAILED)
			.tags(NAME, UNKNOWN_NAME, ROLE, "server", EXCEPTION, "OuroborosUnavailableException")
			.counter()
			.count()).isEqualTo(1);
	}

	@Test
	void anAcceptThatTimesOutIsNoFailure() {
		assertThatExceptionOfType(FlowTimeoutException.class)
			.isThrownBy(() -> this.server.accept(Duration.ofMillis(10)));
		assertThat(this.registry.find(FLOWS_FAILED).counters()).isEmpty();
	}

	@Test
	void anAllocThatTimesOutIsAFailure() {
		assertThatExceptionOfType(FlowTimeoutException.class)
			.isThrownBy(() -> this.client.alloc("echo", QosSpec.RAW, Duration.ofMillis(10)));
		assertThat(this.registry.get(FLOWS_FAILED)
			.tags(NAME, "echo", ROLE, "client", EXCEPTION, "FlowTimeoutException")
			.counter()
			.count()).isEqualTo(1);
	}

	@Test
	void packetsAndBytesReadAndWrittenAreCounted() {
		Flow[] pair = connect(QosSpec.RAW);
		pair[0].write(new byte[100]);
		pair[0].write(new byte[20]);
		pair[1].read(new byte[200]);
		assertThat(counter(PACKETS_WRITTEN, "client")).isEqualTo(2);
		assertThat(counter(BYTES_WRITTEN, "client")).isEqualTo(120);
		assertThat(counter(PACKETS_READ, "server")).isEqualTo(1);
		assertThat(counter(BYTES_READ, "server")).isEqualTo(100);
	}

	@Test
	void flowsOpenBeforeBindingAreMeasured() {
		Flow[] pair = connect(QosSpec.RAW);
		pair[0].write(new byte[] { 1 });
		MeterRegistry late = new SimpleMeterRegistry();
		new OuroborosFlowMetrics(this.server, QosProfileNames.presetsOnly()).bindTo(late);
		assertThat(late.get(RX_QUEUE).tags(ROLE, "server").gauge().value()).isEqualTo(1);
		pair[1].close();
		assertThat(late.find(RX_QUEUE).gauges()).isEmpty();
	}

	@Test
	void closingTheProcessRemovesEveryQueueGauge() {
		connect(QosSpec.RAW);
		connect(SLOW_CHAT);
		this.server.close();
		this.client.close();
		assertThat(this.registry.find(RX_QUEUE).gauges()).isEmpty();
		assertThat(this.registry.find(TX_QUEUE).gauges()).isEmpty();
		assertThat(this.registry.find(FLOWS_OPEN).gauges()).allSatisfy((gauge) -> assertThat(gauge.value()).isZero());
	}

	@Test
	void bindingTheSameRegistryTwiceCountsOnce() {
		OuroborosFlowMetrics metrics = new OuroborosFlowMetrics(this.client, QosProfileNames.presetsOnly());
		MeterRegistry other = new SimpleMeterRegistry();
		metrics.bindTo(other);
		metrics.bindTo(other);
		connect(QosSpec.RAW);
		assertThat(other.get(FLOWS_ALLOCATED).counter().count()).isEqualTo(1);
	}

	private Flow[] connect(QosSpec qos) {
		CompletableFuture<Flow> accepted = CompletableFuture.supplyAsync(() -> this.server.accept(TIMEOUT));
		Flow client = this.client.alloc("echo", qos, TIMEOUT);
		return new Flow[] { client, accepted.join() };
	}

	private Gauge gauge(String name, String role, String qos) {
		return this.registry.get(name).tags(NAME, "echo", ROLE, role, QOS, qos).gauge();
	}

	private Gauge open(String role) {
		return this.registry.get(FLOWS_OPEN).tags(NAME, "echo", ROLE, role).gauge();
	}

	private double counter(String name, String role) {
		return this.registry.get(name).tags(NAME, "echo", ROLE, role, QOS, "raw").counter().count();
	}

}
