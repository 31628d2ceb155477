package rocks.ouroboros.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import tools.jackson.databind.ObjectMapper;

import rocks.ouroboros.spring.actuate.OuroborosEndpoint;
import rocks.ouroboros.spring.actuate.OuroborosEndpointAutoConfiguration;
import rocks.ouroboros.spring.actuate.OuroborosHealthContributorAutoConfiguration;
import rocks.ouroboros.spring.actuate.OuroborosHealthIndicator;
import rocks.ouroboros.spring.autoconfigure.OuroborosAutoConfiguration;
import rocks.ouroboros.spring.autoconfigure.OuroborosListenerAutoConfiguration;
import rocks.ouroboros.spring.listener.OuroborosListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every invalid value an {@code application.yml} can hold for the starter fails start-up with a
 * message that names the property (or the listener method) — never a silent default — and a
 * failure about a security file names its path but never shows what the file holds.
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidConfigurationTests {

	private static final String SECRET = "TOP-SECRET-KEY-MATERIAL";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(OuroborosAutoConfiguration.class, OuroborosListenerAutoConfiguration.class))
		.withPropertyValues("ouroboros.backend=embedded", "ouroboros.embedded.isolated=true");

	private record Bad(String property, String value) {
	}

	@Test
	void everyInvalidPropertyValueFailsStartUpNamingTheProperty() {
		String longName = "n".repeat(300);
		List<Bad> cases = List.of(new Bad("ouroboros.backend", "quantum"),
				new Bad("ouroboros.qos.gold.preset", "platinum"), new Bad("ouroboros.qos.gold.availability", "256"),
				new Bad("ouroboros.qos.gold.availability", "-1"), new Bad("ouroboros.qos.gold.loss", "-1"),
				new Bad("ouroboros.qos.gold.loss", "4294967296"), new Bad("ouroboros.qos.gold.ber", "99999999999"),
				new Bad("ouroboros.qos.gold.delay", "-5ms"), new Bad("ouroboros.qos.gold.delay", "5000000000ms"),
				new Bad("ouroboros.qos.gold.max-gap", "-1s"), new Bad("ouroboros.qos.gold.peer-timeout", "-1s"),
				new Bad("ouroboros.qos.gold.peer-timeout", "100d"), new Bad("ouroboros.qos.gold.bandwidth", "fast"),
				new Bad("ouroboros.qos.gold.bandwidth", "-5"), new Bad("ouroboros.qos.gold.in-order", "sometimes"),
				new Bad("ouroboros.flows.echo.destination", ""), new Bad("ouroboros.flows.echo.destination", longName),
				new Bad("ouroboros.flows.echo.destination", "bad\tname"), new Bad("ouroboros.flows.echo.qos", "gold"),
				new Bad("ouroboros.flows.echo.read-timeout", "-1s"), new Bad("ouroboros.flows.echo.alloc-timeout", "-1ms"),
				new Bad("ouroboros.flows.echo.write-timeout", "soon"),
				new Bad("ouroboros.flows.echo.flags", "READ_ONLY,WRITE_ONLY"),
				new Bad("ouroboros.flows.echo.flags", "TURBO"), new Bad("ouroboros.listener.concurrency", "0"),
				new Bad("ouroboros.listener.concurrency", "-3"), new Bad("ouroboros.listener.concurrency", "many"),
				new Bad("ouroboros.listener.idle-timeout", "-1s"), new Bad("ouroboros.listener.shutdown-timeout", "-1s"),
				new Bad("ouroboros.names.svc.layers[0]", " "),
				new Bad("ouroboros.names.svc.layers[0]", "bad\u0007layer"), new Bad("ouroboros.names.svc.load-balancing", "random"),
				new Bad("ouroboros.names." + longName + ".create", "true"));
		List<String> accepted = new ArrayList<>();
		for (Bad bad : cases) {
			List<String> properties = new ArrayList<>(List.of(bad.property() + "=" + bad.value()));
			if (bad.property().startsWith("ouroboros.flows.echo.") && !bad.property().endsWith(".destination")) {
				properties.add("ouroboros.flows.echo.destination=echo");
			}
			this.contextRunner.withPropertyValues(properties.toArray(String[]::new)).run((context) -> {
				if (context.getStartupFailure() == null) {
					accepted.add(bad.property() + "=" + bad.value());
					return;
				}
				String property = bad.property().startsWith("ouroboros.names.") ? "ouroboros.names."
						: bad.property();
				assertThat(messages(context.getStartupFailure())).as(bad.toString()).contains(property);
			});
		}
		assertThat(accepted).as("invalid values that started without a word").isEmpty();
		ReliabilityFigures.add("invalid application.yml values refused at start-up, naming the property",
				cases.size());
	}

	@Test
	void aNativeBackendThatCannotBeUsedFailsStartUpSayingWhyInsteadOfFallingBackSilently(@TempDir Path dir) {
		Path socket = dir.resolve("no-irmd-here.sock");
		this.contextRunner
			.withPropertyValues("ouroboros.backend=native", "ouroboros.native.irm-socket=" + socket)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(messages(context.getStartupFailure())).contains("ouroboros.backend");
			});
		ReliabilityFigures.add("invalid application.yml values refused at start-up, naming the property", 1);
	}

	@Test
	void aListenerWithABadNameOrConcurrencyFailsStartUpNamingTheMethod() {
		for (Class<?> bad : List.of(EmptyName.class, LongName.class, BadConcurrency.class, ZeroConcurrency.class)) {
			this.contextRunner.withUserConfiguration(bad).run((context) -> {
				assertThat(context).hasFailed();
				assertThat(messages(context.getStartupFailure())).as(bad.getSimpleName()).contains("handle");
			});
		}
		ReliabilityFigures.add("invalid application.yml values refused at start-up, naming the property", 4);
	}

	@Test
	void missingOrUnreadableKeyFilesFailStartUpNamingThePathButNeverTheirContents(@TempDir Path dir,
			CapturedOutput output) throws Exception {
		Path key = Files.writeString(dir.resolve("server.key"), "-----BEGIN PRIVATE KEY-----\n" + SECRET + "\n");
		Path missing = dir.resolve("missing.crt");
		Path directory = Files.createDirectory(dir.resolve("enc.conf"));
		String[][] cases = { { "ouroboros.names.secure.server.certificate=" + missing, missing.toString() },
				{ "ouroboros.names.secure.client.key=" + missing, missing.toString() },
				{ "ouroboros.names.secure.server.encryption=" + directory, directory.toString() } };
		for (String[] bad : cases) {
			this.contextRunner
				.withPropertyValues("ouroboros.names.secure.create=true", "ouroboros.names.secure.server.key=" + key,
						bad[0])
				.run((context) -> {
					assertThat(context).hasFailed();
					String messages = messages(context.getStartupFailure());
					assertThat(messages).contains("ouroboros.names.secure").contains(bad[1]).doesNotContain(SECRET);
				});
		}
		this.contextRunner.withPropertyValues("ouroboros.names.secure.server.key=" + key).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(messages(context.getStartupFailure())).contains("ouroboros.names.secure").contains("create");
		});
		this.contextRunner
			.withPropertyValues("ouroboros.names.secure.create=true", "ouroboros.names.secure.server.key=" + key)
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).doesNotContain(SECRET);
		ReliabilityFigures.add("invalid application.yml values refused at start-up, naming the property", 4);
	}

	@Test
	void theOuroborosEndpointShowsNeitherKeyPathsNorKeysOfASecuredName(@TempDir Path dir, CapturedOutput output)
			throws Exception {
		Path key = Files.writeString(dir.resolve("server.key"), "-----BEGIN PRIVATE KEY-----\n" + SECRET + "\n");
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(OuroborosEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=ouroboros",
					"ouroboros.names.secure.create=true", "ouroboros.names.secure.server.key=" + key)
			.withUserConfiguration(SecureEcho.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				String shown = new ObjectMapper().writeValueAsString(context.getBean(OuroborosEndpoint.class).ouroboros());
				assertThat(shown).contains("secure").doesNotContain(SECRET).doesNotContain(key.toString());
			});
		assertThat(output).doesNotContain(SECRET);
	}

	@Test
	void noActuatorEndpointShowsWhatTheSecurityFilesHoldAndEnvShowsOnlyTheirPaths(@TempDir Path dir,
			CapturedOutput output) throws Exception {
		Path key = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\n" + SECRET + "\n");
		Path certificate = Files.writeString(dir.resolve("crt.pem"), "-----BEGIN CERTIFICATE-----\n" + SECRET + "\n");
		Path encryption = Files.writeString(dir.resolve("enc.conf"), "# " + SECRET + "\nkex=prime256v1\n");
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(OuroborosEndpointAutoConfiguration.class,
					OuroborosHealthContributorAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=ouroboros,health,env",
					"ouroboros.names.secure.create=true", "ouroboros.names.secure.server.key=" + key,
					"ouroboros.names.secure.server.certificate=" + certificate,
					"ouroboros.names.secure.client.encryption=" + encryption)
			.withUserConfiguration(SecureEcho.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ObjectMapper json = new ObjectMapper();
				String ouroboros = json.writeValueAsString(context.getBean(OuroborosEndpoint.class).ouroboros());
				String health = json.writeValueAsString(context.getBean(OuroborosHealthIndicator.class).health(true));
				// env with every value shown: the paths are configuration, what the files hold is not
				String env = json.writeValueAsString(
						new EnvironmentEndpoint(context.getEnvironment(), List.of(), Show.ALWAYS).environment(null));
				String masked = json.writeValueAsString(
						new EnvironmentEndpoint(context.getEnvironment(), List.of(), Show.NEVER).environment(null));
				assertThat(ouroboros).contains("secure").doesNotContain(SECRET).doesNotContain(key.toString());
				assertThat(health).doesNotContain(SECRET).doesNotContain(key.toString());
				assertThat(env).contains(key.toString()).contains(encryption.toString()).doesNotContain(SECRET);
				assertThat(masked).doesNotContain(key.toString()).doesNotContain(SECRET);
			});
		assertThat(output).doesNotContain(SECRET);
	}

	static class SecureEcho {

		@OuroborosListener(name = "secure")
		String handle(String in) {
			return in;
		}

	}

	private static String messages(Throwable failure) {
		StringBuilder all = new StringBuilder();
		for (Throwable t = failure; t != null; t = t.getCause()) {
			all.append(t.getMessage()).append('\n');
		}
		return all.toString();
	}

	static class EmptyName {

		@OuroborosListener(name = "")
		String handle(String in) {
			return in;
		}

	}

	static class LongName {

		@OuroborosListener(name = "#{'x'.repeat(300)}")
		String handle(String in) {
			return in;
		}

	}

	static class BadConcurrency {

		@OuroborosListener(name = "bad", concurrency = "lots")
		String handle(String in) {
			return in;
		}

	}

	static class ZeroConcurrency {

		@OuroborosListener(name = "bad", concurrency = "0")
		String handle(String in) {
			return in;
		}

	}

}
