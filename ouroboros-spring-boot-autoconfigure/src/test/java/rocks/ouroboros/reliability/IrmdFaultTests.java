package rocks.ouroboros.reliability;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import rocks.ouroboros.jna.Availability;
import rocks.ouroboros.jna.NativeBackend;
import rocks.ouroboros.jna.NativeSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An IRM daemon that is there but does not answer — hung, stopped, or swamped — must never hang
 * the application that probes it: the probe gives up within seconds and says why.
 */
@EnabledOnOs(OS.LINUX)
@Timeout(60)
class IrmdFaultTests {

	/** The few libc calls to play a daemon that never accepts. */
	interface Sockets extends Library {

		Sockets C = Native.load("c", Sockets.class);

		int socket(int domain, int type, int protocol);

		int bind(int fd, byte[] address, int length);

		int listen(int fd, int backlog);

		int connect(int fd, byte[] address, int length);

		int close(int fd);

	}

	@Test
	void aProbeOfAnIrmdThatTakesNoConnectionsGivesUpWithinSecondsSayingWhy(@TempDir Path dir) throws Exception {
		Availability absent = NativeBackend.probe(new NativeSettings(null, dir.resolve("none.sock")));
		assumeTrue(absent.reason().contains("not running"),
				"the probe never reaches the socket here (" + absent.reason() + ")");
		Path path = dir.resolve("irm.sock");
		byte[] address = address(path);
		int listener = Sockets.C.socket(1, 5, 0);
		int filler = Sockets.C.socket(1, 5, 0);
		try {
			assertThat(Sockets.C.bind(listener, address, address.length)).isZero();
			// a backlog of 0 holds one connection: once it is taken, every further connect waits
			assertThat(Sockets.C.listen(listener, 0)).isZero();
			assertThat(Sockets.C.connect(filler, address, address.length)).isZero();
			long started = System.nanoTime();
			CompletableFuture<Availability> probe = CompletableFuture
				.supplyAsync(() -> NativeBackend.probe(new NativeSettings(null, path)));
			Availability availability = probe.get(20, TimeUnit.SECONDS);
			long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
			assertThat(availability.usable()).isFalse();
			assertThat(availability.reason()).contains("irmd did not").contains(path.toString());
			assertThat(millis).as("the probe gave up in time").isLessThan(10_000);
			ReliabilityFigures.add("faults survived: irmd taking no connections, probe bounded", 1);
		}
		finally {
			Sockets.C.close(filler);
			Sockets.C.close(listener);
		}
	}

	private static byte[] address(Path path) {
		byte[] bytes = path.toString().getBytes(StandardCharsets.UTF_8);
		byte[] address = new byte[110];
		address[0] = 1;
		System.arraycopy(bytes, 0, address, 2, bytes.length);
		return address;
	}

}
