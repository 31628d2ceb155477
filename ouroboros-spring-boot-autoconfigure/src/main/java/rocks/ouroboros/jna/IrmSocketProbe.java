package rocks.ouroboros.jna;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.jna.LastErrorException;
import com.sun.jna.Platform;

import org.jspecify.annotations.Nullable;

/**
 * Checks that the IRM daemon answers on its socket with a real {@code AF_UNIX SOCK_SEQPACKET}
 * connect, as the dev library will: the dev library calls {@code exit()} when it cannot announce
 * the process, so nothing may load it before this probe succeeded.
 */
final class IrmSocketProbe {

	private static final int SUN_PATH_SIZE = 108;

	/**
	 * How long the probe's connect may wait. A connect to a UNIX socket whose owner does not
	 * accept (irmd hung, or its queue full) blocks without end; the send timeout bounds it.
	 */
	static final int CONNECT_TIMEOUT_SECONDS = 2;

	private IrmSocketProbe() {
	}

	/**
	 * What a probe found.
	 *
	 * @param problem why irmd cannot be reached, or {@code null} when a connect succeeded
	 * @param gone whether irmd is not running at all (no socket, or a socket nobody listens on), as
	 * opposed to busy, hung or not letting this process in
	 * @param peerPid the pid of the process that accepted the connect (irmd), or 0 when unknown
	 */
	record Probe(@Nullable String problem, boolean gone, int peerPid) {

		static Probe failed(String problem) {
			return new Probe(problem, false, 0);
		}

		static Probe notRunning(String problem) {
			return new Probe(problem, true, 0);
		}

	}

	/** Why irmd cannot be reached on {@code socket}, or {@code null} when a connect succeeded. */
	static @Nullable String problem(Path socket) {
		return check(socket).problem();
	}

	/** Connects to irmd's socket once and says what it found. */
	static Probe check(Path socket) {
		if (!Files.exists(socket)) {
			return Probe.notRunning("irmd is not running (" + socket + " not found): start it with 'sudo irmd', or"
					+ " point the irm socket setting at the socket it made");
		}
		if (!Files.isReadable(socket) || !Files.isWritable(socket)) {
			return Probe.failed(noPermission(socket));
		}
		byte[] address = address(socket);
		if (address == null) {
			return Probe.failed("the irm socket path " + socket + " is longer than " + (SUN_PATH_SIZE - 1)
					+ " bytes, the limit of a UNIX socket address");
		}
		int fd;
		try {
			fd = LibC.socket(LibC.AF_UNIX, LibC.SOCK_SEQPACKET, 0);
		}
		catch (LastErrorException ex) {
			return Probe.failed("cannot create a UNIX socket to probe irmd (errno " + ex.getErrorCode() + ")");
		}
		try {
			LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_SNDTIMEO, timeval(CONNECT_TIMEOUT_SECONDS), 16);
			LibC.connect(fd, address, address.length);
			return new Probe(null, false, peerPid(fd));
		}
		catch (LastErrorException ex) {
			int errno = ex.getErrorCode();
			if (errno == LibC.EAGAIN || errno == LibC.EINPROGRESS) {
				return Probe.failed("irmd did not accept a connection on " + socket + " within "
						+ CONNECT_TIMEOUT_SECONDS + " s: it is busy or hung; check it with 'irm ipcp list' and restart"
						+ " it if it does not answer");
			}
			if (errno == LibC.ENOENT) {
				return Probe.notRunning("irmd is not running (" + socket + " not found): start it with 'sudo irmd'");
			}
			if (errno == LibC.ECONNREFUSED) {
				return Probe.notRunning("irmd is not running (" + socket + " refused the connection; the socket is"
						+ " left over from an irmd that exited): start it with 'sudo irmd'");
			}
			if (errno == LibC.EACCES || errno == LibC.EPERM) {
				return Probe.failed(noPermission(socket));
			}
			return Probe.failed("irmd did not answer on " + socket + " (connect failed with errno " + errno + ")");
		}
		finally {
			LibC.close(fd);
		}
	}

	/** The pid of the peer of a connected UNIX socket ({@code SO_PEERCRED}, Linux only); 0 elsewhere. */
	private static int peerPid(int fd) {
		if (!Platform.isLinux()) {
			return 0;
		}
		byte[] credentials = new byte[12]; // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
		int[] length = { credentials.length };
		try {
			LibC.getsockopt(fd, LibC.SOL_SOCKET, LibC.SO_PEERCRED, credentials, length);
		}
		catch (LastErrorException ex) {
			return 0;
		}
		return java.nio.ByteBuffer.wrap(credentials).order(java.nio.ByteOrder.nativeOrder()).getInt(0);
	}

	/** A {@code struct timeval} of whole seconds: two native longs, as on every 64-bit platform. */
	private static byte[] timeval(int seconds) {
		java.nio.ByteBuffer value = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.nativeOrder());
		value.putLong(seconds).putLong(0);
		return value.array();
	}

	private static String noPermission(Path socket) {
		return "no permission to talk to irmd on " + socket
				+ ": run as root or as a member of the 'ouroboros' group";
	}

	/** A {@code struct sockaddr_un} for the platform, or {@code null} when the path is too long. */
	static byte @Nullable [] address(Path socket) {
		byte[] path = socket.toString().getBytes(StandardCharsets.UTF_8);
		if (path.length >= SUN_PATH_SIZE) {
			return null;
		}
		byte[] address = new byte[2 + SUN_PATH_SIZE];
		if (Platform.isMac() || Platform.isFreeBSD()) {
			address[0] = (byte) (2 + path.length + 1);
			address[1] = (byte) LibC.AF_UNIX;
		}
		else {
			address[0] = (byte) LibC.AF_UNIX; // sa_family_t, little or big end: the low byte first on LE
			if (java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.BIG_ENDIAN) {
				address[0] = 0;
				address[1] = (byte) LibC.AF_UNIX;
			}
		}
		System.arraycopy(path, 0, address, 2, path.length);
		return address;
	}

}
