package rocks.ouroboros.jna;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rocks.ouroboros.flow.BackendKind;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.OuroborosUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The probe's verdicts, none of which needs (or loads) real Ouroboros. */
class NativeBackendProbeTests {

	@TempDir
	Path dir;

	@Test
	void aMissingSocketMeansIrmdIsNotRunning() throws IOException {
		Files.createFile(this.dir.resolve("libouroboros-dev.so.0.23"));
		Files.createFile(this.dir.resolve("libouroboros-irm.so.0.23"));
		Path socket = this.dir.resolve("irm.sock");
		Availability availability = NativeBackend.probe(new NativeSettings(this.dir, socket));
		assertThat(availability.usable()).isFalse();
		assertThat(availability.reason()).isEqualTo("irmd is not running (" + socket
				+ " not found): start it with 'sudo irmd', or point the irm socket setting at the socket it made");
	}

	@Test
	void noLibrariesMeansNotInstalled() {
		LibraryLocator.Found found = LibraryLocator.locate(this.dir);
		if (found.dev() != null) {
			return; // a system directory holds Ouroboros: covered by the native tests
		}
		Availability availability = NativeBackend.probe(new NativeSettings(this.dir, this.dir.resolve("irm.sock")));
		assertThat(availability.usable()).isFalse();
		assertThat(availability.reason()).startsWith("the Ouroboros libraries are not installed: no libouroboros-dev.so.0.23 in ["
				+ this.dir);
	}

	@Test
	void aSocketNobodyListensOnMeansIrmdIsNotRunning() throws IOException {
		Path socket = this.dir.resolve("stale.sock");
		Files.createFile(socket);
		assertThat(IrmSocketProbe.problem(socket)).startsWith("irmd is not running (" + socket);
	}

	@Test
	void librariesOfAnotherVersionAreAMismatch() throws IOException {
		Files.createFile(this.dir.resolve("libouroboros-dev.so.0.21.3"));
		Files.createFile(this.dir.resolve("libouroboros-irm.so.0.21.3"));
		LibraryLocator.Found found = LibraryLocator.locate(this.dir);
		assertThat(found.dev()).isEqualTo(this.dir.resolve("libouroboros-dev.so.0.21.3"));
		assertThat(found.libraryVersion()).isEqualTo("0.21.3");
		Availability availability = NativeBackend.probe(new NativeSettings(this.dir, this.dir.resolve("irm.sock")));
		assertThat(availability.usable()).isFalse();
		assertThat(availability.reason()).startsWith("version mismatch: " + found.dev() + " is Ouroboros 0.21.3")
			.contains("supports 0.23");
		assertThat(availability.version()).isEqualTo("0.21.3");
	}

	@Test
	void headersOfAnotherVersionThanTheLibraryAreAMismatch() throws IOException {
		Path lib = Files.createDirectories(this.dir.resolve("lib"));
		Files.createFile(lib.resolve("libouroboros-dev.so.0.23.0"));
		Files.createFile(lib.resolve("libouroboros-irm.so.0.23.0"));
		Path include = Files.createDirectories(this.dir.resolve("include/ouroboros"));
		Files.writeString(include.resolve("version.h"), "#define OUROBOROS_VERSION_MAJOR 0\n"
				+ "#define OUROBOROS_VERSION_MINOR 22\n#define OUROBOROS_VERSION_PATCH 1\n");
		Availability availability = NativeBackend.probe(new NativeSettings(lib, this.dir.resolve("irm.sock")));
		assertThat(availability.usable()).isFalse();
		assertThat(availability.reason()).contains("headers").contains("0.22.1").contains("0.23.0");
	}

	@Test
	void theVersionComesFromTheFileTheLibraryLinksTo() throws IOException {
		Path real = Files.createFile(this.dir.resolve("libouroboros-dev.so.0.23.4"));
		Files.createSymbolicLink(this.dir.resolve("libouroboros-dev.so.0.23"), real.getFileName());
		assertThat(LibraryLocator.versionOf(this.dir.resolve("libouroboros-dev.so.0.23"))).isEqualTo("0.23.4");
	}

	@Test
	void openingWithoutIrmdFailsWithTheReasonAndDoesNotEndTheJvm() {
		Path socket = this.dir.resolve("irm.sock");
		assertThatExceptionOfType(OuroborosUnavailableException.class)
			.isThrownBy(() -> NativeBackend.open(new NativeSettings(null, socket)))
			.withMessageStartingWith("Native Ouroboros is unavailable: ");
	}

	@Test
	void openFallsBackToTheEmbeddedLayerAndOpenNativeSaysWhyWhenIrmdDoesNotAnswer() {
		String socket = this.dir.resolve("no-irmd.sock").toString();
		String before = System.getProperty(NativeSettings.IRM_SOCKET_PROPERTY);
		System.setProperty(NativeSettings.IRM_SOCKET_PROPERTY, socket);
		try {
			try (Ouroboros ouroboros = Ouroboros.open()) {
				assertThat(ouroboros.backend()).isEqualTo(BackendKind.EMBEDDED);
			}
			assertThatExceptionOfType(OuroborosUnavailableException.class).isThrownBy(Ouroboros::openNative)
				.withMessageContaining(socket);
		}
		finally {
			if (before == null) {
				System.clearProperty(NativeSettings.IRM_SOCKET_PROPERTY);
			}
			else {
				System.setProperty(NativeSettings.IRM_SOCKET_PROPERTY, before);
			}
		}
	}

}
