package rocks.ouroboros.jna;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Test-only certificate authorities and certificates for irmd's authentication, made with the
 * {@code openssl} command line: prime256v1 keys, the peer's name as the subject's CN (irmd's client
 * compares it with the name it allocates to), valid for one day.
 * <p>
 * irmd trusts the CAs in {@code <security dir>/cacert} that were there when it started. A CA made by
 * a test is never among them; the one that {@code src/test/scripts/install-irmd-test-ca.sh} makes on
 * a test machine is, once irmd has been restarted: {@link #trustedByIrmd} finds it or skips the test.
 */
final class TestCertificates {

	/** What to do when irmd does not trust the test CA. */
	static final String INSTALL = "run ouroboros-spring-boot-autoconfigure/src/test/scripts/install-irmd-test-ca.sh"
			+ " as root and restart irmd";

	/** Where the script keeps the CA, under irmd's security directory (irmd does not read it). */
	static final String CA_DIRECTORY = "starter-test-ca";

	/** The file the script puts into irmd's store. */
	static final String TRUSTED_FILE = "ouroboros-starter-test-ca.crt.pem";

	private static final AtomicBoolean reported = new AtomicBoolean();

	private TestCertificates() {
	}

	/** A CA's key and certificate. */
	record Ca(Path key, Path certificate) {
	}

	/** A key and the certificate issued for it. */
	record Credentials(Path key, Path certificate) {
	}

	/** Skips the calling test unless {@code openssl} runs. */
	static void assumeOpenssl(Path dir) throws InterruptedException {
		assumeThat(openssl(dir, "version")).as("openssl on the PATH").isTrue();
	}

	/** A new CA in {@code dir}, trusted by nobody. */
	static Ca newCa(Path dir) throws InterruptedException {
		Ca ca = new Ca(dir.resolve("ca.key.pem"), dir.resolve("ca.crt.pem"));
		assertThat(openssl(dir, "ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", ca.key().toString()))
			.isTrue();
		assertThat(openssl(dir, "req", "-x509", "-new", "-key", ca.key().toString(), "-days", "1", "-subj",
				"/CN=ca.jsec.test", "-out", ca.certificate().toString()))
			.isTrue();
		return ca;
	}

	/** A new key in {@code dir} and a certificate for it issued by {@code ca} to {@code commonName}. */
	static Credentials issue(Ca ca, String commonName, Path dir, String prefix) throws InterruptedException {
		Credentials issued = new Credentials(dir.resolve(prefix + ".key.pem"), dir.resolve(prefix + ".crt.pem"));
		Path csr = dir.resolve(prefix + ".csr");
		assertThat(openssl(dir, "ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out",
				issued.key().toString()))
			.isTrue();
		assertThat(openssl(dir, "req", "-new", "-key", issued.key().toString(), "-subj", "/CN=" + commonName, "-out",
				csr.toString()))
			.isTrue();
		String serial = "0x" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
		assertThat(openssl(dir, "x509", "-req", "-in", csr.toString(), "-CA", ca.certificate().toString(), "-CAkey",
				ca.key().toString(), "-set_serial", serial, "-days", "1", "-out", issued.certificate().toString()))
			.isTrue();
		return issued;
	}

	/**
	 * The test CA that irmd trusts; otherwise the calling test is skipped and one line says why and
	 * what to do.
	 */
	static Ca trustedByIrmd(IrmdSecurity security) {
		Ca ca = new Ca(security.directory().resolve(CA_DIRECTORY).resolve("ca.key.pem"),
				security.directory().resolve(CA_DIRECTORY).resolve("ca.crt.pem"));
		String reason = untrustedReason(security, ca);
		if (reason != null) {
			String line = "Certificate authentication tests skipped: irmd does not trust the test CA (" + reason
					+ "): " + INSTALL;
			if (reported.compareAndSet(false, true)) {
				System.out.println(line);
			}
			assumeThat(reason).as(line).isNull();
		}
		return ca;
	}

	private static @Nullable String untrustedReason(IrmdSecurity security, Ca ca) {
		if (!Files.isReadable(ca.key()) || !Files.isReadable(ca.certificate())) {
			return ca.key() + " or " + ca.certificate() + " is missing or not readable";
		}
		Path trusted = security.directory().resolve("cacert").resolve(TRUSTED_FILE);
		try {
			if (!Files.isRegularFile(trusted) || Files.mismatch(trusted, ca.certificate()) != -1) {
				return trusted + " is missing or differs from " + ca.certificate();
			}
			Instant written = changed(trusted);
			Optional<Instant> irmdStarted = irmdStart();
			// a process's start time is known to about a second (boot time has whole seconds)
			if (irmdStarted.isPresent() && irmdStarted.get().plusSeconds(2).isBefore(written)) {
				return "irmd started at " + irmdStarted.get() + ", before " + trusted + " was written at " + written
						+ ", and reads its store only at start";
			}
			return null;
		}
		catch (IOException ex) {
			return "cannot read " + trusted + ": " + ex.getMessage();
		}
	}

	/** When the file's contents or status last changed ({@code cp -p} can keep an old mtime, not the ctime). */
	private static Instant changed(Path file) throws IOException {
		Instant modified = Files.getLastModifiedTime(file).toInstant();
		try {
			Instant status = ((FileTime) Files.getAttribute(file, "unix:ctime")).toInstant();
			return status.isAfter(modified) ? status : modified;
		}
		catch (UnsupportedOperationException | IllegalArgumentException ex) {
			return modified;
		}
	}

	/** The latest start of a visible irmd process, if any is visible. */
	private static Optional<Instant> irmdStart() {
		try (Stream<ProcessHandle> processes = ProcessHandle.allProcesses()) {
			return processes.map(ProcessHandle::info)
				.filter((info) -> info.command().map((command) -> command.endsWith("/irmd")).orElse(false))
				.flatMap((info) -> info.startInstant().stream())
				.max(Instant::compareTo);
		}
	}

	static boolean openssl(Path dir, String... arguments) throws InterruptedException {
		List<String> command = Stream.concat(Stream.of("openssl"), Stream.of(arguments)).toList();
		try {
			Process process = new ProcessBuilder(command).directory(dir.toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (!process.waitFor(20, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return false;
			}
			return process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
