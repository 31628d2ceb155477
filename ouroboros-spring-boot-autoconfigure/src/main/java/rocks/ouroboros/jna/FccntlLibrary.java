package rocks.ouroboros.jna;

import com.sun.jna.Library;

/**
 * {@code int fccntl(int fd, int cmd, ...)}: variadic, so it is called through an interface
 * mapping with {@code Object...}, which passes the arguments the way the platform's C ABI passes
 * variadic ones. A fixed-arity declaration would work on x86-64 Linux by luck and break on
 * arm64 macOS.
 */
interface FccntlLibrary extends Library {

	int FLOWSRCVTIMEO = 0001;

	int FLOWGRCVTIMEO = 0002;

	int FLOWSSNDTIMEO = 0003;

	int FLOWGSNDTIMEO = 0004;

	int FLOWGQOSSPEC = 0005;

	int FLOWSFLAGS = 0006;

	int FLOWGFLAGS = 0007;

	int FLOWGRXQLEN = 0010;

	int FLOWGTXQLEN = 0011;

	int FRCTSFLAGS = 01000;

	int FRCTGFLAGS = 02000;

	int fccntl(int fd, int cmd, Object... args);

}
