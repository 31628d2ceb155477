package rocks.ouroboros.jna;

import java.lang.invoke.MethodHandle;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import org.jspecify.annotations.Nullable;

/**
 * The hot path of {@code libouroboros-dev}, direct-mapped: no proxy and no argument boxing per
 * call. Buffers and structs are passed as raw addresses ({@code long}), which is why the native
 * backend supports 64-bit platforms only. {@code fccntl} is variadic and lives in
 * {@link FccntlLibrary} instead.
 * <p>
 * Registering loads the library, and loading it runs its init code, which calls {@code exit()}
 * when irmd does not answer: only {@link NativeRuntime} registers, after the socket probe.
 * <p>
 * The per-packet calls ({@link #readPacket}, {@link #writePacket}, {@link #waitEvent},
 * {@link #nextEvent}, {@link #eventType}, {@link #controlOut}) go through {@link ForeignCalls}
 * where Java 22+ allows it, through the JNA methods otherwise.
 */
final class DevLibrary {

	private static final boolean FOREIGN = ForeignCalls.AVAILABLE;

	private static final @Nullable MethodHandle SIZED_IO = (FOREIGN) ? ForeignCalls.INT_LONG_LONG_TO_LONG : null;

	private static final @Nullable MethodHandle EVENT_WAIT = (FOREIGN) ? ForeignCalls.LONG_LONG_LONG_TO_LONG : null;

	private static final @Nullable MethodHandle QUEUE_CALL = (FOREIGN) ? ForeignCalls.LONG_TO_INT : null;

	private static final @Nullable MethodHandle CONTROL_OUT = (FOREIGN) ? ForeignCalls.INT_INT_VARIADIC_LONG_TO_INT : null;

	private static volatile Functions functions = Functions.NONE;

	private DevLibrary() {
	}

	static void register(NativeLibrary library) {
		Native.register(DevLibrary.class, library);
		if (FOREIGN) {
			functions = new Functions(library);
		}
	}

	/** Whether the per-packet calls go through the FFM API (Java 22+) rather than JNA. */
	static boolean foreignCalls() {
		return FOREIGN;
	}

	static long readPacket(int fd, long buffer, long count) {
		if (FOREIGN) {
			try {
				return (long) SIZED_IO.invokeExact(functions.flowRead, fd, buffer, count);
			}
			catch (Throwable ex) {
				throw ForeignCalls.failed("flow_read", ex);
			}
		}
		return flow_read(fd, buffer, count);
	}

	static long writePacket(int fd, long buffer, long count) {
		if (FOREIGN) {
			try {
				return (long) SIZED_IO.invokeExact(functions.flowWrite, fd, buffer, count);
			}
			catch (Throwable ex) {
				throw ForeignCalls.failed("flow_write", ex);
			}
		}
		return flow_write(fd, buffer, count);
	}

	static long waitEvent(long set, long queue, long timeout) {
		if (FOREIGN) {
			try {
				return (long) EVENT_WAIT.invokeExact(functions.fevent, set, queue, timeout);
			}
			catch (Throwable ex) {
				throw ForeignCalls.failed("fevent", ex);
			}
		}
		return fevent(set, queue, timeout);
	}

	static int nextEvent(long queue) {
		if (FOREIGN) {
			try {
				return (int) QUEUE_CALL.invokeExact(functions.fqueueNext, queue);
			}
			catch (Throwable ex) {
				throw ForeignCalls.failed("fqueue_next", ex);
			}
		}
		return fqueue_next(queue);
	}

	static int eventType(long queue) {
		if (FOREIGN) {
			try {
				return (int) QUEUE_CALL.invokeExact(functions.fqueueType, queue);
			}
			catch (Throwable ex) {
				throw ForeignCalls.failed("fqueue_type", ex);
			}
		}
		return fqueue_type(queue);
	}

	/**
	 * {@code fccntl(fd, command, out)} for a command that writes its result to {@code out}: the
	 * queue lengths, measured by every write when its count of room runs out. Through JNA the
	 * variadic call goes through {@code fccntl}'s interface mapping (which allocates an argument
	 * array per call); through FFM it allocates nothing.
	 */
	static int controlOut(FccntlLibrary fccntl, int fd, int command, Pointer out) {
		if (FOREIGN) {
			try {
				return (int) CONTROL_OUT.invokeExact(functions.fccntl, fd, command, Pointer.nativeValue(out));
			}
			catch (Throwable ex) {
				throw ForeignCalls.failed("fccntl", ex);
			}
		}
		return fccntl.fccntl(fd, command, out);
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

	/** The per-packet functions of one load of the library, as FFM memory segments. */
	private static final class Functions {

		static final Functions NONE = new Functions();

		final Object flowRead;

		final Object flowWrite;

		final Object fevent;

		final Object fqueueNext;

		final Object fqueueType;

		final Object fccntl;

		private Functions() {
			this.flowRead = this.flowWrite = this.fevent = this.fqueueNext = this.fqueueType = this.fccntl = new Object();
		}

		Functions(NativeLibrary library) {
			this.flowRead = function(library, "flow_read");
			this.flowWrite = function(library, "flow_write");
			this.fevent = function(library, "fevent");
			this.fqueueNext = function(library, "fqueue_next");
			this.fqueueType = function(library, "fqueue_type");
			this.fccntl = function(library, "fccntl");
		}

		private static Object function(NativeLibrary library, String name) {
			return ForeignCalls.function(Pointer.nativeValue(library.getFunction(name)));
		}

	}

}
