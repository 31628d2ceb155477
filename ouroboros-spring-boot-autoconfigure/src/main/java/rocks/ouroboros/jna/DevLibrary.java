package rocks.ouroboros.jna;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * The hot path of {@code libouroboros-dev}, direct-mapped: no proxy and no argument boxing per
 * call. Buffers and structs are passed as raw addresses ({@code long}), which is why the native
 * backend supports 64-bit platforms only. {@code fccntl} is variadic and lives in
 * {@link FccntlLibrary} instead.
 * <p>
 * Registering loads the library, and loading it runs its init code, which calls {@code exit()}
 * when irmd does not answer: only {@link NativeRuntime} registers, after the socket probe.
 */
final class DevLibrary {

	private DevLibrary() {
	}

	static void register(NativeLibrary library) {
		Native.register(DevLibrary.class, library);
	}

	static native int flow_alloc(byte[] name, long qos, long timeout);

	static native int flow_accept(long qos, long timeout);

	static native int flow_join(byte[] name, long timeout);

	static native int flow_dealloc(int fd);

	static native long flow_write(int fd, long buffer, long count);

	static native long flow_read(int fd, long buffer, long count);

	static native long fset_create();

	static native void fset_destroy(long set);

	static native int fset_add(long set, int fd);

	static native void fset_del(long set, int fd);

	static native void fset_zero(long set);

	static native long fqueue_create();

	static native void fqueue_destroy(long queue);

	static native int fqueue_next(long queue);

	static native int fqueue_type(long queue);

	static native long fevent(long set, long queue, long timeout);

}
