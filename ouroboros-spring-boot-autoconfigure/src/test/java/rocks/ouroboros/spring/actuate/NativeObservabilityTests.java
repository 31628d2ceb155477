package rocks.ouroboros.spring.actuate;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import rocks.ouroboros.jna.NativeOuroboros;
import rocks.ouroboros.spring.autoconfigure.OuroborosAutoConfiguration;
import rocks.ouroboros.spring.autoconfigure.OuroborosListenerAutoConfiguration;
import rocks.ouroboros.spring.listener.OuroborosListener;
import rocks.ouroboros.spring.metrics.OuroborosMetricsAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static rocks.ouroboros.spring.metrics.FlowMeterNames.*;

/**
 * Flow meters and health on real Ouroboros, with upstream's C client {@code oping} as the peer
 * (a process cannot allocate a flow to a name it serves itself). Each test creates a fresh name
 * in the layer {@code local} ({@code -Douroboros.test.layer=...} to change it); skipped with one
 * line when Ouroboros is not usable here.
 */
@NativeOuroboros
@Tag("native")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NativeObservabilityTests {

	private static final String LAYER = System.getProperty("ouroboros.test.layer", "local");

	private static final Duration WAIT = Duration.ofSeconds(20);

	/** {@code oping}'s summary: a raw flow may lose a ping or a reply, so tests count what came. */
	private static final Pattern STATISTICS = Pattern.compile("10 packets transmitted, (\\d+) received");

	private static ApplicationContextRunner runner(String name, Class<?> listener) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OuroborosAutoConfiguration.class,
					OuroborosListenerAutoConfiguration.class, MetricsAutoConfiguration.class,
					OuroborosMetricsAutoConfiguration.class, OuroborosHealthContributorAutoConfiguration.class))
			.withPropertyValues("ouroboros.backend=native", "ouroboros.names." + name + ".create=true",
					"ouroboros.names." + name + ".layers=" + LAYER, "test.name=" + name)
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean(listener);
	}

	@Test
	void pingsOfACClientAreCountedAsReadAndAnsweredAndHealthIsUpOnTheNativeBackend() {
		String name = "jobs-" + UUID.randomUUID().toString().substring(0, 8);
		runner(name, Pong.class).run((context) -> {
			String output = oping(name, 10);
			Matcher stats = STATISTICS.matcher(output);
			assertThat(stats.find()).as(output).isTrue();
			int received = Integer.parseInt(stats.group(1));
			assertThat(received).as(output).isPositive();
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			await().atMost(WAIT).untilAsserted(() -> {
				double read = registry.get(PACKETS_READ).tags(NAME, name, ROLE, "server").counter().count();
				assertThat(read).isBetween((double) received, 10.0);
				assertThat(registry.get(PACKETS_WRITTEN).tags(NAME, name, ROLE, "server").counter().count())
					.isEqualTo(read);
				assertThat(registry.find(RX_QUEUE).tags(NAME, name).gauges()).isEmpty();
			});
			assertThat(registry.get(FLOWS_ACCEPTED).tags(NAME, name, ROLE, "server").counter().count()).isEqualTo(1);
			Health health = context.getBean(OuroborosHealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("backend", "native")
				.containsEntry("listeners", Map.of("pong", "RUNNING"));
		});
	}

	static String oping(String name, int count) throws IOException, InterruptedException {
		Process process = new ProcessBuilder("oping", "-n", name, "-c", Integer.toString(count), "-i", "10", "-Q")
			.redirectErrorStream(true)
			.start();
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("oping did not finish within 60 s");
		}
		return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
	}

	/** Answers each ping as {@code oping}'s server does: type 0 (request) becomes 1 (reply). */
	static class Pong {

		@OuroborosListener(id = "pong", name = "${test.name}")
		byte[] pong(byte[] ping) {
			byte[] pong = ping.clone();
			ByteBuffer.wrap(pong).putInt(0, 1);
			return pong;
		}

	}

}
