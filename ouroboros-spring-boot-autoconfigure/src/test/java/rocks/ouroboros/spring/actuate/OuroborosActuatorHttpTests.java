package rocks.ouroboros.spring.actuate;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

import rocks.ouroboros.embedded.EmbeddedLayer;
import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.QosSpec;
import rocks.ouroboros.spring.listener.OuroborosListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The actuator as an operator sees it: health, metrics, Prometheus and the {@code ouroboros}
 * endpoint over HTTP, with an echo listener and a sink listener that holds its flow unread.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ouroboros.backend=embedded", "ouroboros.embedded.isolated=true",
				"ouroboros.listener.shutdown-timeout=2s", "ouroboros.qos.chat.preset=voice",
				"management.endpoints.web.exposure.include=health,metrics,prometheus,ouroboros",
				"management.endpoint.health.show-details=always" })
class OuroborosActuatorHttpTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	@LocalServerPort
	private int port;

	@Autowired
	private EmbeddedLayer layer;

	@Autowired
	private Sink sink;

	private RestClient http;

	private Ouroboros client;

	@BeforeEach
	void connect() {
		this.http = RestClient.create("http://localhost:" + this.port + "/actuator");
		this.client = this.layer.newProcess("client");
		this.sink.reset();
	}

	@AfterEach
	void disconnect() {
		this.sink.release.countDown();
		this.client.close();
	}

	@Test
	void healthIsUpWithTheBackendAndListenerStates() {
		Map<String, Object> ouroboros = component(get("/health"), "ouroboros");
		assertThat(ouroboros).containsEntry("status", "UP");
		assertThat(details(ouroboros)).containsEntry("backend", "embedded")
			.containsEntry("version", EmbeddedLayer.MIRRORED_VERSION)
			.containsEntry("listeners", Map.of("echo", "RUNNING", "sink", "RUNNING"));
	}

	@Test
	void metricsShowTheQueueOfAFlowNobodyReadsAndThePrometheusScrapeToo() throws Exception {
		try (Flow flow = this.client.alloc("sink", QosSpec.VOICE, TIMEOUT)) {
			assertThat(this.sink.opened.await(10, TimeUnit.SECONDS)).isTrue();
			for (int i = 0; i < 3; i++) {
				flow.writeLine("unread " + i);
			}
			Map<String, Object> rxQueue = get("/metrics/ouroboros.flow.rx.queue?tag=name:sink&tag=role:server");
			assertThat(rxQueue).containsEntry("baseUnit", "packets");
			assertThat(measurement(rxQueue, "VALUE")).isEqualTo(3.0);
			assertThat(availableTags(rxQueue)).containsEntry("qos", List.of("chat"));
			String scrape = this.http.get().uri("/prometheus").retrieve().body(String.class);
			assertThat(scrape).contains("ouroboros_flow_rx_queue_packets{name=\"sink\",qos=\"chat\",role=\"server\"} 3.0")
				.contains("ouroboros_flows_accepted_flows_total{name=\"sink\",qos=\"chat\",role=\"server\"}")
				.doesNotContain("ouroboros_flows_failed");
		}
	}

	@Test
	void echoedPacketsAreCountedAndTimed() {
		try (Flow flow = this.client.alloc("echo", QosSpec.RAW, TIMEOUT)) {
			flow.setReadTimeout(TIMEOUT);
			flow.writeLine("ping");
			assertThat(flow.readLine()).isEqualTo("ping");
		}
		assertThat(measurement(get("/metrics/ouroboros.flows.accepted?tag=name:echo"), "COUNT")).isGreaterThanOrEqualTo(1.0);
		assertThat(measurement(get("/metrics/ouroboros.flow.bytes.read?tag=name:echo&tag=role:server"), "COUNT"))
			.isGreaterThanOrEqualTo(4.0);
		assertThat(measurement(get("/metrics/ouroboros.listener?tag=ouroboros.listener.id:echo&tag=error:none"), "COUNT"))
			.isGreaterThanOrEqualTo(1.0);
	}

	@Test
	void stoppingAListenerThroughTheEndpointKeepsHealthUp() {
		try {
			assertThat(changeState("echo", "stopped")).containsEntry("id", "echo").containsEntry("state", "STOPPED");
			Map<String, Object> ouroboros = component(get("/health"), "ouroboros");
			assertThat(ouroboros).containsEntry("status", "UP");
			assertThat(details(ouroboros)).containsEntry("listeners", Map.of("echo", "STOPPED", "sink", "RUNNING"));
			assertThat(get("/ouroboros/echo")).containsEntry("state", "STOPPED");
		}
		finally {
			assertThat(changeState("echo", "running")).containsEntry("state", "RUNNING");
		}
	}

	@Test
	void readingAnUnknownListenerIsNotFoundAndChangingOneOrToAnUnknownStateIsABadRequest() {
		assertThatExceptionOfType(HttpClientErrorException.NotFound.class).isThrownBy(() -> get("/ouroboros/nope"));
		assertThatExceptionOfType(HttpClientErrorException.BadRequest.class)
			.isThrownBy(() -> changeState("nope", "stopped"));
		assertThatExceptionOfType(HttpClientErrorException.BadRequest.class)
			.isThrownBy(() -> changeState("echo", "paused"));
	}

	@Test
	void theEndpointListsListenersAndOpenFlows() throws Exception {
		try (Flow flow = this.client.alloc("sink", QosSpec.VOICE, TIMEOUT)) {
			assertThat(this.sink.opened.await(10, TimeUnit.SECONDS)).isTrue();
			flow.writeLine("unread");
			Map<String, Object> ouroboros = get("/ouroboros");
			assertThat(ouroboros).containsEntry("backend", "embedded").containsEntry("available", true);
			assertThat(list(ouroboros, "listeners")).extracting((listener) -> listener.get("id"))
				.containsExactly("echo", "sink");
			assertThat(list(ouroboros, "flows")).anySatisfy((open) -> assertThat(open).containsEntry("name", "sink")
				.containsEntry("role", "server")
				.containsEntry("qos", "chat")
				.containsEntry("rxQueue", 1)
				.containsEntry("txQueue", 0));
		}
	}

	private Map<String, Object> changeState(String id, String state) {
		return this.http.post()
			.uri("/ouroboros/" + id)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("state", state))
			.retrieve()
			.body(JSON);
	}

	private Map<String, Object> get(String path) {
		return this.http.get().uri(path).retrieve().body(JSON);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> component(Map<String, Object> health, String name) {
		return (Map<String, Object>) ((Map<String, Object>) health.get("components")).get(name);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> details(Map<String, Object> component) {
		return (Map<String, Object>) component.get("details");
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Map<String, Object> body, String key) {
		return (List<Map<String, Object>>) body.get(key);
	}

	@SuppressWarnings("unchecked")
	private static double measurement(Map<String, Object> metric, String statistic) {
		for (Map<String, Object> measurement : (List<Map<String, Object>>) metric.get("measurements")) {
			if (statistic.equals(measurement.get("statistic"))) {
				return ((Number) measurement.get("value")).doubleValue();
			}
		}
		throw new AssertionError("no " + statistic + " in " + metric);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> availableTags(Map<String, Object> metric) {
		Map<String, Object> tags = new HashMap<>();
		for (Map<String, Object> tag : (List<Map<String, Object>>) metric.get("availableTags")) {
			tags.put((String) tag.get("tag"), tag.get("values"));
		}
		return tags;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class EchoAndSink {

		@Bean
		Echo echo() {
			return new Echo();
		}

		@Bean
		Sink sink() {
			return new Sink();
		}

	}

	static class Echo {

		@OuroborosListener(id = "echo", name = "echo")
		String echo(String line) {
			return line;
		}

	}

	/** Takes flows to {@code sink} and reads nothing until released. */
	static class Sink {

		volatile CountDownLatch opened = new CountDownLatch(1);

		volatile CountDownLatch release = new CountDownLatch(1);

		void reset() {
			this.opened = new CountDownLatch(1);
			this.release = new CountDownLatch(1);
		}

		@OuroborosListener(id = "sink", name = "sink")
		void hold(Flow flow) throws InterruptedException {
			CountDownLatch release = this.release;
			this.opened.countDown();
			release.await(10, TimeUnit.SECONDS);
		}

	}

}
