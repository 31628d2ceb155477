package rocks.ouroboros.jna;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
 * A name created from {@code application.yml} with security paths ({@code ouroboros.names.<name>.server}
 * and {@code .client}) serves flows end to end on real Ouroboros: an {@code @OuroborosListener}
 * answers a client in another process, and nothing the files hold reaches the log. (Whether irmd
 * then encrypts is upstream's part: with 0.23.0 as built here its log says "Key exchange not
 * configured" for such names, also when {@code irm name create ... sencpath} made them; see
 * docs/reliability.md.)
 */
@NativeOuroboros
@ExtendWith(OutputCaptureExtension.class)
class NativeSecureNameTests {

	private static final String MARKER = "reliability-suite-marker-not-to-be-logged";

	private static Peer peer;

	@BeforeAll
	static void startPeer() throws Exception {
		peer = Peer.start();
	}

	@AfterAll
	static void stopPeer() {
		if (peer != null) {
			peer.close();
		}
	}

	@Test
	void aNameCreatedWithSecurityPathsFromConfigurationServesFlowsEndToEnd(@TempDir Path dir, CapturedOutput output)
			throws Exception {
		// an encryption configuration with upstream's defaults (ECDHE P-256, AES-256-GCM) spelled out
		Path encryption = Files.writeString(dir.resolve("enc.conf"),
				"# " + MARKER + "\nkex = prime256v1\ncipher = aes-256-gcm\n");
		String name = "jrel-sec-" + UUID.randomUUID().toString().substring(0, 8);
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(OuroborosAutoConfiguration.class, OuroborosListenerAutoConfiguration.class))
			.withPropertyValues("ouroboros.backend=native", "test.name=" + name,
					"ouroboros.names." + name + ".create=true", "ouroboros.names." + name + ".layers=local",
					"ouroboros.names." + name + ".server.encryption=" + encryption,
					"ouroboros.names." + name + ".client.encryption=" + encryption)
			.withUserConfiguration(Secure.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				peer.ok("alloc " + name);
				peer.ok("write hello");
				assertThat(peer.ok("read")).isEqualTo("secure hello");
				peer.ok("dealloc");
			});
		assertThat(output).doesNotContain(MARKER);
	}

	static class Secure {

		@OuroborosListener(id = "secure", name = "${test.name}")
		String handle(String line) {
			return "secure " + line;
		}

	}

}
