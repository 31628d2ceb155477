package rocks.ouroboros.jna;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/** The few libc calls the backend needs, direct-mapped: the socket probe and the pid. */
final class LibC {

	static final int AF_UNIX = 1;

	static final int SOCK_SEQPACKET = 5;

	static final int ENOENT = 2;

	static final int EACCES = 13;

	static final int EPERM = 1;

	static final int ECONNREFUSED = Platform.isMac() || Platform.isFreeBSD() ? 61 : 111;

	/** What a connect that ran out of its send timeout fails with (EAGAIN or EINPROGRESS). */
	static final int EAGAIN = Platform.isMac() || Platform.isFreeBSD() ? 35 : 11;

	static final int EINPROGRESS = Platform.isMac() || Platform.isFreeBSD() ? 36 : 115;

	static final int SOL_SOCKET = Platform.isMac() || Platform.isFreeBSD() ? 0xffff : 1;

	static final int SO_SNDTIMEO = Platform.isMac() || Platform.isFreeBSD() ? 0x1005 : 21;

	/** {@code SO_PEERCRED}: the credentials of a UNIX socket's peer (Linux). */
	static final int SO_PEERCRED = 17;

	static {
		Native.register(LibC.class, Platform.C_LIBRARY_NAME);
	}

	private LibC() {
	}

	static native int socket(int domain, int type, int protocol) throws LastErrorException;

	static native int connect(int fd, byte[] address, int length) throws LastErrorException;

	static native int setsockopt(int fd, int level, int name, byte[] value, int length) throws LastErrorException;

	static native int getsockopt(int fd, int level, int name, byte[] value, int[] length) throws LastErrorException;

	static native int close(int fd);

	static native int getpid();

}
