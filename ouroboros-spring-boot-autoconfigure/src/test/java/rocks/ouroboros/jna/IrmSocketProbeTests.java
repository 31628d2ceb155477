package rocks.ouroboros.jna;

import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class IrmSocketProbeTests {

	/** The libc calls a test needs to play an irmd that never accepts. */
	interface TestLibC extends Library {

		TestLibC INSTANCE = Native.load(Platform.C_LIBRARY_NAME, TestLibC.class);

		int bind(int fd, byte[] address, int length);

		int listen(int fd, int backlog);

	}

	@Test
	@EnabledOnOs(OS.LINUX)
	@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
	void anIrmdThatNeverAcceptsIsReportedInsteadOfHangingTheProbe(@TempDir Path directory) {
		Path socket = directory.resolve("irm.sock");
		int listener = boundSocket(socket);
		try {
			assertThat(TestLibC.INSTANCE.listen(listener, 0)).isZero();
			assertThat(Files.exists(socket)).isTrue();
			// the first connect fills the queue of a listener that never accepts; the next would block for ever
			IrmSocketProbe.problem(socket);
			long start = System.nanoTime();
			String problem = IrmSocketProbe.problem(socket);
			long seconds = (System.nanoTime() - start) / 1_000_000_000L;
			assertThat(problem).contains("did not accept a connection").contains(socket.toString());
			assertThat(seconds).isLessThanOrEqualTo(IrmSocketProbe.CONNECT_TIMEOUT_SECONDS + 2);
		}
		finally {
			LibC.close(listener);
		}
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void aSocketNobodyListensOnOrNoSocketAtAllMeansIrmdIsGone(@TempDir Path directory) {
		Path socket = directory.resolve("irm.sock");
		assertThat(IrmSocketProbe.check(socket).gone()).as("no socket").isTrue();
		LibC.close(boundSocket(socket));
		// the file is left over, as after irmd was killed: the connect is refused
		IrmSocketProbe.Probe probe = IrmSocketProbe.check(socket);
		assertThat(probe.gone()).isTrue();
		assertThat(probe.problem()).contains("refused the connection");
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void aProbeThatConnectsNamesThePidOfTheProcessThatListens(@TempDir Path directory) {
		Path socket = directory.resolve("irm.sock");
		int listener = boundSocket(socket);
		try {
			assertThat(TestLibC.INSTANCE.listen(listener, 4)).isZero();
			IrmSocketProbe.Probe probe = IrmSocketProbe.check(socket);
			assertThat(probe.problem()).isNull();
			assertThat(probe.gone()).isFalse();
			assertThat(probe.peerPid()).isEqualTo(LibC.getpid());
		}
		finally {
			LibC.close(listener);
		}
	}

	/** A {@code SOCK_SEQPACKET} socket bound to the path {@code socket}; the caller closes it. */
	private static int boundSocket(Path socket) {
		byte[] address = IrmSocketProbe.address(socket);
		int fd = LibC.socket(LibC.AF_UNIX, LibC.SOCK_SEQPACKET, 0);
		try {
			assertThat(TestLibC.INSTANCE.bind(fd, address, address.length)).isZero();
		}
		catch (AssertionError ex) {
			LibC.close(fd);
			throw ex;
		}
		return fd;
	}

}
