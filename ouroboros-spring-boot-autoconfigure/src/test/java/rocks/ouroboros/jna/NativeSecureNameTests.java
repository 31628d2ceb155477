package rocks.ouroboros.jna;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;

import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowException;
import rocks.ouroboros.flow.LoadBalancing;
import rocks.ouroboros.flow.NameOptions;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.SecurityPaths;
import rocks.ouroboros.jna.TestCertificates.Ca;
import rocks.ouroboros.jna.TestCertificates.Credentials;
import rocks.ouroboros.spring.autoconfigure.OuroborosAutoConfiguration;
import rocks.ouroboros.spring.autoconfigure.OuroborosListenerAutoConfiguration;
import rocks.ouroboros.spring.listener.OuroborosListener;
import rocks.ouroboros.spring.listener.OuroborosListenerContainer;
import rocks.ouroboros.spring.listener.OuroborosListenerEndpointRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Names with security files on real Ouroboros 0.23.0, served by this JVM and allocated from a
 * {@link PeerMain}. irmd reads a name's {@code enc.conf} only at its own path
 * ({@code <security dir>/server|client/<name>/enc.conf}), and an {@code enc.conf} on the server
 * side only makes it refuse clients without one: that refusal shows irmd read the file. A
 * certificate that irmd cannot verify against its CA store (loaded when irmd starts; a CA made
 * here is never in it) makes the client's alloc fail, which shows the key and certificate paths
 * reached irmd. Certificates from the CA that {@code src/test/scripts/install-irmd-test-ca.sh}
 * puts into that store authenticate; those tests are skipped with one line where irmd does not
 * trust it ({@link TestCertificates#trustedByIrmd}).
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
		TestCertificates.assumeOpenssl(dir);
		Credentials issued = TestCertificates.issue(TestCertificates.newCa(dir), name, dir, "server");
		try (Ouroboros server = NativeBackend.open(NativeSettings.defaults()); Peer peer = Peer.start()) {
			// key and certificate outside irmd's directory: passed through irm_create_name
			server.bind(name, new NameOptions(true, List.of("local"), LoadBalancing.ROUND_ROBIN,
					new SecurityPaths(null, issued.key(), issued.certificate()), SecurityPaths.NONE));
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
		TestCertificates.assumeOpenssl(dir);
		Credentials issued = TestCertificates.issue(TestCertificates.newCa(dir), "client-of-" + name, dir, "client");
		try (Ouroboros server = NativeBackend.open(NativeSettings.defaults()); Peer peer = Peer.start()) {
			server.bind(name, new NameOptions(true, List.of("local"), LoadBalancing.ROUND_ROBIN, SecurityPaths.NONE,
					new SecurityPaths(null, issued.key(), issued.certificate())));
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

	/**
	 * A name whose server and client have certificates from a CA that irmd trusts, set through the
	 * name's properties: irmd authenticates both and the flow carries data both ways. The server's
	 * certificate names the name (irmd's client checks its CN); the client's names another peer, which
	 * irmd 0.23.0 accepts (its server does not check the client's name, oap/srv.c).
	 */
	@Test
	void aServerAndAClientWithCertificatesFromACaIrmdTrustsExchangeDataBothWays(@TempDir Path dir) throws Exception {
		TestCertificates.assumeOpenssl(dir);
		Ca ca = TestCertificates.trustedByIrmd(this.security);
		String name = uniqueName("auth");
		Credentials server = TestCertificates.issue(ca, name, dir, "server");
		Credentials client = TestCertificates.issue(ca, "client-of-" + name, dir, "client");
		String prefix = "ouroboros.names." + name;
		runner(name)
			.withPropertyValues(prefix + ".server.key=" + server.key(),
					prefix + ".server.certificate=" + server.certificate(), prefix + ".client.key=" + client.key(),
					prefix + ".client.certificate=" + client.certificate())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				try (Peer peer = Peer.start()) {
					peer.ok("alloc " + name);
					List<String> texts = List.of("authenticated hello", "ünïcödé ✓ " + name, "x".repeat(60_000));
					for (String text : texts) {
						peer.ok("write " + text);
						assertThat(peer.ok("read")).isEqualTo("secure " + text);
					}
					peer.ok("dealloc");
					assertThat(handled(context)).isEqualTo(texts.size());
				}
			});
		assertLeftNothing(name);
	}

	/**
	 * irmd's client checks that the server's certificate is issued to the name it allocates to: one
	 * from the trusted CA for another name is refused, and the same name serves once its certificate
	 * names it (irmd reads the files on every flow).
	 */
	@Test
	void aServerCertificateFromTheTrustedCaForAnotherNameIsRefusedUntilItNamesTheName(@TempDir Path dir)
			throws Exception {
		TestCertificates.assumeOpenssl(dir);
		Ca ca = TestCertificates.trustedByIrmd(this.security);
		String name = uniqueName("auth");
		Credentials other = TestCertificates.issue(ca, uniqueName("other"), dir, "other");
		Credentials right = TestCertificates.issue(ca, name, dir, "right");
		Path key = Files.copy(other.key(), dir.resolve("server.key.pem"));
		Path certificate = Files.copy(other.certificate(), dir.resolve("server.crt.pem"));
		String prefix = "ouroboros.names." + name;
		runner(name).withPropertyValues(prefix + ".server.key=" + key, prefix + ".server.certificate=" + certificate)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				try (Peer peer = Peer.start()) {
					assertThat(peer.send("alloc " + name, 30)).startsWith("error FlowPermissionException")
						.contains("security handshake")
						.contains("not issued to the name")
						.doesNotContain("BEGIN");

					Files.copy(right.key(), key, StandardCopyOption.REPLACE_EXISTING);
					Files.copy(right.certificate(), certificate, StandardCopyOption.REPLACE_EXISTING);
					peer.ok("alloc " + name);
					peer.ok("write now authenticated");
					assertThat(peer.ok("read")).isEqualTo("secure now authenticated");
					peer.ok("dealloc");
					assertThat(handled(context)).isEqualTo(1);
				}
			});
		assertLeftNothing(name);
	}

	/**
	 * Authentication and encryption together, as a production name would have them: irmd reads both
	 * only at its own paths for a name it creates on bind (see {@link IrmdSecurity}), so the files go
	 * there and the properties name those paths.
	 */
	@Test
	void anAuthenticatedAndEncryptedNameCarriesDataBothWays(@TempDir Path dir) throws Exception {
		TestCertificates.assumeOpenssl(dir);
		Ca ca = TestCertificates.trustedByIrmd(this.security);
		String name = uniqueName("authenc");
		Path serverConf = this.security.defaultPath("server", name, "enc.conf");
		Path serverKey = this.security.defaultPath("server", name, "key.pem");
		Path serverCertificate = this.security.defaultPath("server", name, "crt.pem");
		Path clientConf = this.security.defaultPath("client", name, "enc.conf");
		assumeWritable(serverConf);
		try {
			Credentials server = TestCertificates.issue(ca, name, dir, "server");
			Files.createDirectories(serverConf.getParent());
			Files.createDirectories(clientConf.getParent());
			Files.writeString(serverConf, ENCRYPTION);
			Files.writeString(clientConf, ENCRYPTION);
			Files.copy(server.key(), serverKey);
			Files.copy(server.certificate(), serverCertificate);
			String prefix = "ouroboros.names." + name;
			runner(name)
				.withPropertyValues(prefix + ".load-balancing=spill", prefix + ".server.encryption=" + serverConf,
						prefix + ".server.key=" + serverKey, prefix + ".server.certificate=" + serverCertificate,
						prefix + ".client.encryption=" + clientConf)
				.run((context) -> {
					assertThat(context).hasNotFailed();
					try (Peer peer = Peer.start()) {
						peer.ok("alloc " + name);
						for (String text : List.of("authenticated and encrypted", "y".repeat(60_000))) {
							peer.ok("write " + text);
							assertThat(peer.ok("read")).isEqualTo("secure " + text);
						}
						peer.ok("dealloc");
					}
				});
		}
		finally {
			deleteTree(serverConf.getParent());
			deleteTree(clientConf.getParent());
		}
		assertLeftNothing(name);
	}

	private static long handled(ApplicationContext context) {
		OuroborosListenerContainer container = context.getBean(OuroborosListenerEndpointRegistry.class)
			.getListenerContainer("secure");
		assertThat(container).isNotNull();
		return container.getHandledCount();
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

	/** A context serving {@code name} on native with the {@link Secure} listener. */
	private static ApplicationContextRunner runner(String name) {
		return new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(OuroborosAutoConfiguration.class, OuroborosListenerAutoConfiguration.class))
			.withPropertyValues("ouroboros.backend=native", "test.name=" + name,
					"ouroboros.names." + name + ".create=true", "ouroboros.names." + name + ".layers=local")
			.withUserConfiguration(Secure.class);
	}

	private String startUpFailure(String name, String... properties) {
		StringBuilder messages = new StringBuilder();
		runner(name).withPropertyValues(properties)
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
