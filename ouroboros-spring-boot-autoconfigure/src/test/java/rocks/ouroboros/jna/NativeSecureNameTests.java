package rocks.ouroboros.jna;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import rocks.ouroboros.spring.autoconfigure.OuroborosAutoConfiguration;
import rocks.ouroboros.spring.autoconfigure.OuroborosListenerAutoConfiguration;
import rocks.ouroboros.spring.listener.OuroborosListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Names created with security paths from {@code application.yml} on real Ouroboros. Upstream
 * 0.23.0's {@code irm_create_name} carries the key and certificate paths only: an encryption
 * path set in {@code ouroboros.names.<name>.server/client.encryption} would be silently ignored
 * by irmd (seen: "Key exchange not configured" in its log, also for names made with
 * {@code irm name create ... sencpath}), so start-up fails and says where irmd looks instead.
 */
@NativeOuroboros
@ExtendWith(OutputCaptureExtension.class)
class NativeSecureNameTests {

	private static final String MARKER = "reliability-suite-marker-not-to-be-logged";

	@Test
	void anEncryptionPathThatUpstreamWouldIgnoreFailsStartUpNamingThePropertyAndWhereIrmdLooks(@TempDir Path dir,
			CapturedOutput output) throws Exception {
		Path encryption = Files.writeString(dir.resolve("enc.conf"), "# " + MARKER + "\ncipher = aes-256-gcm\n");
		String name = "jrel-sec-" + UUID.randomUUID().toString().substring(0, 8);
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(OuroborosAutoConfiguration.class, OuroborosListenerAutoConfiguration.class))
			.withPropertyValues("ouroboros.backend=native", "test.name=" + name,
					"ouroboros.names." + name + ".create=true", "ouroboros.names." + name + ".layers=local",
					"ouroboros.names." + name + ".server.encryption=" + encryption)
			.withUserConfiguration(Secure.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				StringBuilder messages = new StringBuilder();
				for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
					messages.append(t.getMessage()).append('\n');
				}
				assertThat(messages).contains("ouroboros.names." + name)
					.contains("server/" + name + "/enc.conf")
					.doesNotContain(MARKER);
			});
		assertThat(output).doesNotContain(MARKER);
		try (rocks.ouroboros.flow.Ouroboros ouroboros = NativeBackend.open(NativeSettings.defaults())) {
			assertThat(ouroboros.boundNames()).doesNotContain(name);
		}
		assertThat(NativeBackend.irm(NativeSettings.defaults()).nameExists(name)).as("name left in irmd").isFalse();
	}

	static class Secure {

		@OuroborosListener(id = "secure", name = "${test.name}")
		String handle(String line) {
			return "secure " + line;
		}

	}

}
