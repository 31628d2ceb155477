package rocks.ouroboros.spring.actuate;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowEventQueue;
import rocks.ouroboros.flow.FlowNotAllocatedException;
import rocks.ouroboros.flow.FlowSet;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.OuroborosUnavailableException;
import rocks.ouroboros.flow.QosSpec;
import rocks.ouroboros.jna.NativeBackend;
import rocks.ouroboros.jna.NativeOuroboros;
import rocks.ouroboros.jna.NativeSettings;
import rocks.ouroboros.spring.autoconfigure.OuroborosAutoConfiguration;
import rocks.ouroboros.spring.autoconfigure.OuroborosListenerAutoConfiguration;
import rocks.ouroboros.spring.listener.ListenerState;
import rocks.ouroboros.spring.listener.OuroborosListenerEndpointRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * irmd killed with SIGKILL and started again under a running application with
 * {@code ouroboros.native.reload-on-irmd-restart}: health goes {@code DOWN} and back {@code UP}, the
 * listener answers {@code oping} again without a restart of the application, and what was open
 * before (a flow to a C {@code oecho}, a flow set, an event queue) is closed and never reaches the
 * flows of the reloaded library, even one with the same descriptor.
 * <p>
 * It restarts the irmd of the machine, so it runs only when
 * {@code -Douroboros.test.irmd-restart=<command>} names the command that kills irmd with SIGKILL
 * and starts it again with its layer {@code local} (here {@code bash /work/notes/restart-irmd.sh});
 * hold the machine's native test lock around the run. Otherwise it is skipped with one line.
 * Each test restarts irmd once; together they load the library three times in one JVM.
 */
@NativeOuroboros
@Tag("native")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class NativeIrmdRestartTests {

	private static final String RESTART_PROPERTY = "ouroboros.test.irmd-restart";

	private static final String LAYER = System.getProperty("ouroboros.test.layer", "local");

	private static final Pattern RECEIVED = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");

	@BeforeAll
	static void restartAllowed() {
		String command = System.getProperty(RESTART_PROPERTY);
		if (command == null || command.isBlank()) {
			String line = "NativeIrmdRestartTests skipped: it kills and restarts the shared irmd; run it with -D"
					+ RESTART_PROPERTY + "=<command that kills irmd -9 and starts it again with layer " + LAYER + ">";
			System.out.println(line);
			Assumptions.abort(line);
		}
	}

	@Test
	void healthGoesDownAndUpAndTheListenerAnswersAgainWhileOldHandlesStayDead(@TempDir Path dir) throws Exception {
		String served = "irmdback-" + UUID.randomUUID().toString().substring(0, 8);
		String echoed = served + "-echo";
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OuroborosAutoConfiguration.class,
					OuroborosListenerAutoConfiguration.class, OuroborosHealthContributorAutoConfiguration.class))
			.withPropertyValues("ouroboros.backend=native", "ouroboros.native.reload-on-irmd-restart=true",
					"ouroboros.names." + served + ".create=true", "ouroboros.names." + served + ".layers=" + LAYER,
					"test.name=" + served)
			.withBean(NativeObservabilityTests.Pong.class)
			.run((context) -> {
				Ouroboros ouroboros = context.getBean(Ouroboros.class);
				OuroborosHealthIndicator health = context.getBean(OuroborosHealthIndicator.class);
				assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
				int before = received(NativeObservabilityTests.oping(served, 5));
				assertThat(before).isPositive();

				Process oecho = oecho(dir, echoed);
				Flow stale;
				try {
					stale = ouroboros.alloc(echoed, QosSpec.RAW, Duration.ofSeconds(10));
					stale.setReadTimeout(Duration.ofSeconds(5));
					stale.writeLine("before");
					assertThat(stale.readLine()).isEqualTo("before");
				}
				finally {
					oecho.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
				}
				FlowSet staleSet = ouroboros.newFlowSet();
				FlowEventQueue staleQueue = ouroboros.newEventQueue();

				long started = System.nanoTime();
				Process restart = new ProcessBuilder("bash", "-c", System.getProperty(RESTART_PROPERTY))
					.redirectErrorStream(true)
					.redirectOutput(dir.resolve("restart.out").toFile())
					.start();
				List<String> seen = new ArrayList<>();
				long downAt = -1;
				long upAt = -1;
				String downReason = null;
				long deadline = started + TimeUnit.SECONDS.toNanos(90);
				while (upAt < 0 && System.nanoTime() < deadline) {
					Health now = health.health(true);
					String status = now.getStatus().getCode();
					if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status)) {
						seen.add(status);
					}
					long at = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
					if (now.getStatus().equals(Status.DOWN) && downAt < 0) {
						downAt = at;
						downReason = String.valueOf(now.getDetails().get("reason"));
					}
					else if (now.getStatus().equals(Status.UP) && downAt >= 0) {
						upAt = at;
					}
					TimeUnit.MILLISECONDS.sleep(100);
				}
				assertThat(restart.waitFor(60, TimeUnit.SECONDS)).isTrue();
				System.out.println("irmd restart: health " + seen + ", DOWN after " + downAt + " ms (" + downReason
						+ "), UP after " + upAt + " ms");
				assertThat(downAt).as("health went DOWN").isNotNegative();
				assertThat(upAt).as("health came back UP: " + seen).isPositive();
				assertThat(context.getBean(OuroborosListenerEndpointRegistry.class).getListenerContainer("pong").getState())
					.isEqualTo(ListenerState.RUNNING);

				int after = received(NativeObservabilityTests.oping(served, 5));
				System.out.println("irmd restart: oping replies before " + before + "/5, after " + after + "/5");
				assertThat(after).isPositive();

				assertThat(stale.isAllocated()).isFalse();
				assertThat(staleSet.isClosed()).isTrue();
				assertThatExceptionOfType(OuroborosUnavailableException.class).isThrownBy(staleQueue::next);
				Process oechoAgain = oecho(dir, echoed);
				try (Flow fresh = ouroboros.alloc(echoed, QosSpec.RAW, Duration.ofSeconds(10))) {
					fresh.setReadTimeout(Duration.ofSeconds(5));
					System.out.println("irmd restart: the flow from before had descriptor " + stale.id()
							+ ", the new one has " + fresh.id());
					assertThatExceptionOfType(FlowNotAllocatedException.class).isThrownBy(() -> stale.writeLine("stale"))
						.withMessageContaining("irmd went away");
					fresh.writeLine("after");
					assertThat(fresh.readLine()).isEqualTo("after");
				}
				finally {
					oechoAgain.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
					staleQueue.close();
					destroyName(echoed);
				}
			});
	}

	@Test
	void anIrmdRestartedUnnoticedIsFoundByItsNewPidAndTheLibraryIsLoadedAgain(@TempDir Path dir) throws Exception {
		NativeSettings settings = new NativeSettings(null, NativeSettings.defaults().irmSocket(), true);
		String echoed = "irmdback-" + UUID.randomUUID().toString().substring(0, 8);
		try (Ouroboros ouroboros = NativeBackend.open(settings)) {
			assertThat(ouroboros.isAvailable()).isTrue();
			// nothing of this process looks at irmd meanwhile: no accept, no health check
			Process restart = new ProcessBuilder("bash", "-c", System.getProperty(RESTART_PROPERTY))
				.redirectErrorStream(true)
				.redirectOutput(dir.resolve("restart.out").toFile())
				.start();
			assertThat(restart.waitFor(60, TimeUnit.SECONDS)).isTrue();
			long started = System.nanoTime();
			assertThat(ouroboros.isAvailable()).as("the first look finds another irmd").isFalse();
			String reason = ouroboros.unavailableReason().orElse("");
			await().atMost(Duration.ofSeconds(30)).until(ouroboros::isAvailable);
			System.out.println("irmd restarted unnoticed: " + reason + "; available again after "
					+ TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms");
			assertThat(reason).contains("irmd was restarted: pid");
			Process oecho = oecho(dir, echoed);
			try (Flow flow = ouroboros.alloc(echoed, QosSpec.RAW, Duration.ofSeconds(10))) {
				flow.setReadTimeout(Duration.ofSeconds(5));
				flow.writeLine("again");
				assertThat(flow.readLine()).isEqualTo("again");
			}
			finally {
				oecho.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
				destroyName(echoed);
			}
		}
	}

	/** Takes a name this test made out of irmd again, so that runs leave nothing behind. */
	private static void destroyName(String name) throws InterruptedException, IOException {
		Process process = new ProcessBuilder("irm", "name", "destroy", name).redirectErrorStream(true).start();
		if (!process.waitFor(20, TimeUnit.SECONDS)) {
			process.destroyForcibly();
		}
	}

	/** {@code oecho -l} bound to {@code name}, created and registered in the layer first. */
	private static Process oecho(Path dir, String name) throws Exception {
		run(dir, "irm", "name", "register", name, "layer", LAYER);
		Process oecho = new ProcessBuilder("oecho", "-l").redirectErrorStream(true)
			.redirectOutput(Files.createTempFile(dir, "oecho", ".out").toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.start();
		TimeUnit.MILLISECONDS.sleep(300);
		run(dir, "irm", "bind", "process", Long.toString(oecho.pid()), "name", name);
		TimeUnit.MILLISECONDS.sleep(300);
		return oecho;
	}

	private static void run(Path dir, String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		if (!process.waitFor(20, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException(String.join(" ", command) + " did not finish within 20 s");
		}
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
	}

	private static int received(String opingOutput) {
		Matcher matcher = RECEIVED.matcher(opingOutput);
		assertThat(matcher.find()).as(opingOutput).isTrue();
		return Integer.parseInt(matcher.group(2));
	}

}
