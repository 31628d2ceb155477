package rocks.ouroboros.jna;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowException;
import rocks.ouroboros.flow.LoadBalancing;
import rocks.ouroboros.flow.NameOptions;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.SecurityPaths;
import rocks.ouroboros.spring.autoconfigure.OuroborosAutoConfiguration;
import rocks.ouroboros.spring.autoconfigure.OuroborosListenerAutoConfiguration;
import rocks.ouroboros.spring.listener.OuroborosListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Names with security files on real Ouroboros 0.23.0, served by this JVM and allocated from a
 * {@link PeerMain}. irmd reads a name's {@code enc.conf} only at its own path
 * ({@code <security dir>/server|client/<name>/enc.conf}), and an {@code enc.conf} on the server
 * side only makes it refuse clients without one: that refusal shows irmd read the file. A
 * certificate that irmd cannot verify against its CA store (loaded when irmd starts; a CA made
 * here is never in it) makes the client's alloc fail, which shows the key and certificate paths
 * reached irmd.
 */
@NativeOuroboros
@ExtendWith(OutputCaptureExtension.class)
class NativeSecureNameTests {

	private static final String MARKER = "secure-suite-marker-not-to-be-logged";

	private static final String ENCRYPTION = "kex=prime256v1\ncipher=aes-256-gcm\nkdf=sha256\n";

	private final IrmdSecurity security = IrmdSecurity
		.forLibrary(LibraryLocator.locate(NativeSettings.defaults().libraryDirectory()).dev());

	@Test
	void anEncryptionPathThatIrmdDoesNotReadFailsStartUpNamingThePropertyAndThePathIrmdReads(@TempDir Path dir,
			CapturedOutput output) throws Exception {
		Path encryption = Files.writeString(dir.resolve("enc.conf"), "# " + MARKER + "\n" + ENCRYPTION);
		String name = uniqueName("enc");
		String messages = startUpFailure(name, "ouroboros.names." + name + ".load-balancing=spill",
				"ouroboros.names." + name + ".server.encryption=" + encryption);
		assertThat(messages).contains("ouroboros.names." + name)
			.contains("server.encryption")
			.contains(this.security.defaultPath("server", name, "enc.conf").toString())
			.doesNotContain(MARKER);
		assertThat(output).doesNotContain(MARKER);
		assertLeftNothing(name);
	}

	@Test
	void missingKeysAndAKeyWithoutItsCertificateFailStartUpNamingTheProperty(@TempDir Path dir,
			CapturedOutput output) throws Exception {
		Path key = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\n" + MARKER + "\n");
		String name = uniqueName("key");
		String prefix = "ouroboros.names." + name;
		assertThat(startUpFailure(name, prefix + ".server.key=" + dir.resolve("missing.pem"),
				prefix + ".server.certificate=" + key))
			.contains(prefix)
			.contains("server key file " + dir.resolve("missing.pem") + " does not exist")
			.doesNotContain(MARKER);
		assertThat(startUpFailure(name, prefix + ".client.key=" + dir, prefix + ".client.certificate=" + key))
			.contains(prefix)
			.contains("client key file " + dir + " is not a readable file")
			.doesNotContain(MARKER);
		assertThat(startUpFailure(name, prefix + ".server.key=" + key)).contains(prefix)
			.contains("server key is set without the server certificate")
			.doesNotContain(MARKER);
		assertThat(output).doesNotContain(MARKER);
		assertLeftNothing(name);
	}

	@Test
	void anEncryptedNameCarriesFlowsAndIrmdRefusesAClientSideWithoutEncryption() throws Exception {
		String name = uniqueName("enc");
		Path serverConf = this.security.defaultPath("server", name, "enc.conf");
		Path clientConf = this.security.defaultPath("client", name, "enc.conf");
		assumeWritable(serverConf);
		try (Ouroboros server = NativeBackend.open(NativeSettings.defaults()); Peer peer = Peer.start()) {
			Files.createDirectories(serverConf.getParent());
			Files.createDirectories(clientConf.getParent());
			Files.writeString(serverConf, ENCRYPTION);
			Files.writeString(clientConf, ENCRYPTION);
			server.bind(name, new NameOptions(true, List.of("local"), LoadBalancing.SPILL,
					new SecurityPaths(serverConf, null, null), new SecurityPaths(clientConf, null, null)));
			try {
				echoOnce(server, peer, name, "encrypted hello");

				// the server side's enc.conf is read on every flow: a client side without one is refused
				Files.writeString(clientConf, "none\n");
				String refused = peer.send("alloc " + name, 30);
				assertThat(refused).startsWith("error FlowPermissionException")
					.contains("security handshake")
					.contains("enc.conf");

				// and the server keeps accepting
				Files.writeString(clientConf, ENCRYPTION);
				echoOnce(server, peer, name, "encrypted again");
			}
			finally {
				server.unbind(name);
			}
		}
		finally {
			deleteTree(serverConf.getParent());
			deleteTree(clientConf.getParent());
		}
		assertLeftNothing(name);
	}

	@Test
	void aServerCertificateThatIrmdCannotVerifyFailsTheAllocWithAClearException(@TempDir Path dir)
			throws Exception {
		String name = uniqueName("auth");
		assumeThat(openssl(dir, "version")).as("openssl on the PATH").isTrue();
		Path key = dir.resolve("server.key.pem");
		Path certificate = dir.resolve("server.crt.pem");
		makeCertificate(dir, name, key, certificate);
		try (Ouroboros server = NativeBackend.open(NativeSettings.defaults()); Peer peer = Peer.start()) {
			// key and certificate outside irmd's directory: passed through irm_create_name
			server.bind(name, new NameOptions(true, List.of("local"), LoadBalancing.ROUND_ROBIN,
					new SecurityPaths(null, key, certificate), SecurityPaths.NONE));
			try {
				String refused = peer.send("alloc " + name, 30);
				assertThat(refused).startsWith("error FlowPermissionException")
					.contains("security handshake")
					.contains("certificate")
					.doesNotContain("BEGIN");
				// irmd accepted for the server before the client refused its certificate: drop that flow
				drainAccepted(server);
			}
			finally {
				server.unbind(name);
			}
		}
		assertLeftNothing(name);
	}

	@Test
	void aClientCertificateThatIrmdCannotVerifyIsRefusedClearlyAndTheServerKeepsAccepting(@TempDir Path dir,
			CapturedOutput output) throws Exception {
		String name = uniqueName("cauth");
		assumeThat(openssl(dir, "version")).as("openssl on the PATH").isTrue();
		Path key = dir.resolve("client.key.pem");
		Path certificate = dir.resolve("client.crt.pem");
		makeCertificate(dir, "client-of-" + name, key, certificate);
		try (Ouroboros server = NativeBackend.open(NativeSettings.defaults()); Peer peer = Peer.start()) {
			server.bind(name, new NameOptions(true, List.of("local"), LoadBalancing.ROUND_ROBIN, SecurityPaths.NONE,
					new SecurityPaths(null, key, certificate)));
			try {
				String refused = peer.send("alloc " + name, 30);
				assertThat(refused).startsWith("error FlowPermissionException")
					.contains("security handshake")
					.contains("certificate");
				assertThat(output).doesNotContain("BEGIN");
			}
			finally {
				server.unbind(name);
			}
			// the same process serves a name without certificates right after
			String plain = uniqueName("plain");
			server.bind(plain, NameOptions.createIn("local"));
			try {
				echoOnce(server, peer, plain, "after a refusal");
			}
			finally {
				server.unbind(plain);
			}
			assertLeftNothing(plain);
		}
		assertLeftNothing(name);
	}

	private static void echoOnce(Ouroboros server, Peer peer, String name, String text) throws Exception {
		peer.post("alloc " + name);
		try (Flow flow = server.accept(Duration.ofSeconds(15))) {
			assertThat(peer.answer(30)).isEqualTo("ok");
			peer.ok("write " + text);
			flow.setReadTimeout(Duration.ofSeconds(10));
			assertThat(flow.readLine(4096)).isEqualTo(text);
			flow.write(("back " + text).getBytes(StandardCharsets.UTF_8));
			assertThat(peer.ok("read")).isEqualTo("back " + text);
			peer.ok("dealloc");
		}
	}

	private static void drainAccepted(Ouroboros server) {
		try {
			server.accept(Duration.ofSeconds(3)).close();
		}
		catch (FlowException ex) {
			// nothing was accepted
		}
	}

	private String startUpFailure(String name, String... properties) {
		StringBuilder messages = new StringBuilder();
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(OuroborosAutoConfiguration.class, OuroborosListenerAutoConfiguration.class))
			.withPropertyValues("ouroboros.backend=native", "test.name=" + name,
					"ouroboros.names." + name + ".create=true", "ouroboros.names." + name + ".layers=local")
			.withPropertyValues(properties)
			.withUserConfiguration(Secure.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
					messages.append(t.getMessage()).append('\n');
				}
			});
		return messages.toString();
	}

	private static void assertLeftNothing(String name) {
		try (Ouroboros ouroboros = NativeBackend.open(NativeSettings.defaults())) {
			assertThat(ouroboros.boundNames()).doesNotContain(name);
		}
		assertThat(NativeBackend.irm(NativeSettings.defaults()).nameExists(name)).as("name left in irmd").isFalse();
	}

	private static String uniqueName(String what) {
		return "jsec-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private void assumeWritable(Path file) {
		Path existing = file.toAbsolutePath();
		while (existing != null && !Files.exists(existing)) {
			existing = existing.getParent();
		}
		assumeThat(existing != null && Files.isWritable(existing))
			.as("irmd's security directory %s is writable (run as irmd's user)", this.security.directory())
			.isTrue();
	}

	/** A CA and a server key and certificate issued to {@code name}, as upstream's OAP expects. */
	private static void makeCertificate(Path dir, String name, Path key, Path certificate) throws Exception {
		Path caKey = dir.resolve("ca.key.pem");
		Path caCrt = dir.resolve("ca.crt.pem");
		Path csr = dir.resolve("server.csr");
		assertThat(openssl(dir, "ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", caKey.toString()))
			.isTrue();
		assertThat(openssl(dir, "req", "-x509", "-new", "-key", caKey.toString(), "-days", "1", "-subj",
				"/CN=ca.jsec.test", "-out", caCrt.toString()))
			.isTrue();
		assertThat(openssl(dir, "ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", key.toString()))
			.isTrue();
		assertThat(openssl(dir, "req", "-new", "-key", key.toString(), "-subj", "/CN=" + name, "-out",
				csr.toString()))
			.isTrue();
		assertThat(openssl(dir, "x509", "-req", "-in", csr.toString(), "-CA", caCrt.toString(), "-CAkey",
				caKey.toString(), "-CAcreateserial", "-days", "1", "-out", certificate.toString()))
			.isTrue();
	}

	private static boolean openssl(Path dir, String... arguments) throws InterruptedException {
		List<String> command = Stream.concat(Stream.of("openssl"), Stream.of(arguments)).toList();
		try {
			Process process = new ProcessBuilder(command).directory(dir.toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			return process.waitFor(20, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static void deleteTree(Path dir) throws IOException {
		if (Files.exists(dir)) {
			try (Stream<Path> paths = Files.walk(dir)) {
				for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
					Files.delete(path);
				}
			}
		}
	}

	static class Secure {

		@OuroborosListener(id = "secure", name = "${test.name}")
		String handle(String line) {
			return "secure " + line;
		}

	}

}
