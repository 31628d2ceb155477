package rocks.ouroboros.jna;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import java.lang.System.Logger.Level;

import org.jspecify.annotations.Nullable;

/**
 * Downcalls through the Foreign Function and Memory API for the per-packet calls, on Java 22 and
 * later: a JNA direct call costs about 150 ns here, an FFM downcall about 9 ns, and a packet takes
 * one or two such calls. The API is reached by reflection so that the classes stay Java 17
 * bytecode; on Java 17 to 21 {@link #AVAILABLE} is {@code false} and {@link DevLibrary} calls
 * through JNA.
 * <p>
 * Used only when this code's module may call native code ({@code --enable-native-access}, which
 * Java 22+ asks of JNA as well), so that the JDK prints no warning, and not when the system
 * property {@code ouroboros.native.foreign-calls} is {@code false}. The handles take the
 * function's address as their first argument: the same handle serves every library load.
 */
final class ForeignCalls {

	/** The system property that switches the FFM path off ({@code false}). */
	static final String PROPERTY = "ouroboros.native.foreign-calls";

	private static final System.Logger logger = System.getLogger(ForeignCalls.class.getName());

	/** Whether the handles below exist. */
	static final boolean AVAILABLE;

	/** {@code (address, int, long, long) -> long}: {@code flow_read}, {@code flow_write}. */
	static final @Nullable MethodHandle INT_LONG_LONG_TO_LONG;

	/** {@code (address, long, long, long) -> long}: {@code fevent}. */
	static final @Nullable MethodHandle LONG_LONG_LONG_TO_LONG;

	/** {@code (address, long) -> int}: {@code fqueue_next}, {@code fqueue_type}. */
	static final @Nullable MethodHandle LONG_TO_INT;

	/**
	 * {@code (address, int, int, ...long) -> int}, variadic after the two ints: {@code fccntl}
	 * with a pointer argument, passed as the 64-bit integer a pointer is in a variadic slot.
	 */
	static final @Nullable MethodHandle INT_INT_VARIADIC_LONG_TO_INT;

	private static final @Nullable MethodHandle OF_ADDRESS;

	static {
		Linking linking = link();
		AVAILABLE = linking != null;
		INT_LONG_LONG_TO_LONG = (linking != null) ? linking.intLongLongToLong : null;
		LONG_LONG_LONG_TO_LONG = (linking != null) ? linking.longLongLongToLong : null;
		LONG_TO_INT = (linking != null) ? linking.longToInt : null;
		INT_INT_VARIADIC_LONG_TO_INT = (linking != null) ? linking.intIntVariadicLongToInt : null;
		OF_ADDRESS = (linking != null) ? linking.ofAddress : null;
	}

	private ForeignCalls() {
	}

	/** The function at {@code address} as the first argument of the handles (a memory segment). */
	static Object function(long address) {
		try {
			return OF_ADDRESS.invoke(address);
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Cannot make a memory segment of a native function's address", ex);
		}
	}

	/** The failure of a downcall: only a programming error (a wrong handle type) gets here. */
	static IllegalStateException failed(String function, Throwable ex) {
		if (ex instanceof Error error) {
			throw error;
		}
		return new IllegalStateException("The downcall to " + function + " failed", ex);
	}

	private static @Nullable Linking link() {
		if (Runtime.version().feature() < 22) {
			return null;
		}
		if ("false".equalsIgnoreCase(System.getProperty(PROPERTY))) {
			logger.log(Level.DEBUG, "Per-packet native calls through JNA: " + PROPERTY + "=false");
			return null;
		}
		try {
			Module module = ForeignCalls.class.getModule();
			if (!(Boolean) Module.class.getMethod("isNativeAccessEnabled").invoke(module)) {
				logger.log(Level.DEBUG, "Per-packet native calls through JNA: start the JVM with --enable-native-access="
						+ (module.isNamed() ? module.getName() : "ALL-UNNAMED") + " for the faster FFM downcalls");
				return null;
			}
			Linking linking = new Linking();
			logger.log(Level.DEBUG, "Per-packet native calls through the FFM API");
			return linking;
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
			logger.log(Level.DEBUG, "Per-packet native calls through JNA: the FFM API could not be used", ex);
			return null;
		}
	}

	/** The reflective part: the FFM API's types are not visible to Java 17 source. */
	private static final class Linking {

		final MethodHandle intLongLongToLong;

		final MethodHandle longLongLongToLong;

		final MethodHandle longToInt;

		final MethodHandle intIntVariadicLongToInt;

		final MethodHandle ofAddress;

		private final Object linker;

		private final Method downcallHandle;

		private final Method descriptorOf;

		private final Class<?> layoutClass;

		private final Object noOptions;

		private final Object variadicAfterTwo;

		private final Object javaInt;

		private final Object javaLong;

		Linking() throws ReflectiveOperationException {
			Class<?> linkerClass = Class.forName("java.lang.foreign.Linker");
			Class<?> descriptorClass = Class.forName("java.lang.foreign.FunctionDescriptor");
			Class<?> optionClass = Class.forName("java.lang.foreign.Linker$Option");
			Class<?> valueLayoutClass = Class.forName("java.lang.foreign.ValueLayout");
			Class<?> segmentClass = Class.forName("java.lang.foreign.MemorySegment");
			this.layoutClass = Class.forName("java.lang.foreign.MemoryLayout");
			this.linker = linkerClass.getMethod("nativeLinker").invoke(null);
			this.downcallHandle = linkerClass.getMethod("downcallHandle", descriptorClass, optionClass.arrayType());
			this.descriptorOf = descriptorClass.getMethod("of", this.layoutClass, this.layoutClass.arrayType());
			this.noOptions = Array.newInstance(optionClass, 0);
			this.variadicAfterTwo = Array.newInstance(optionClass, 1);
			Array.set(this.variadicAfterTwo, 0, optionClass.getMethod("firstVariadicArg", int.class).invoke(null, 2));
			this.javaInt = valueLayoutClass.getField("JAVA_INT").get(null);
			this.javaLong = valueLayoutClass.getField("JAVA_LONG").get(null);
			this.intLongLongToLong = downcall(this.noOptions, long.class, this.javaLong, int.class, long.class, long.class);
			this.longLongLongToLong = downcall(this.noOptions, long.class, this.javaLong, long.class, long.class,
					long.class);
			this.longToInt = downcall(this.noOptions, int.class, this.javaInt, long.class);
			this.intIntVariadicLongToInt = downcall(this.variadicAfterTwo, int.class, this.javaInt, int.class, int.class,
					long.class);
			this.ofAddress = java.lang.invoke.MethodHandles.publicLookup()
				.findStatic(segmentClass, "ofAddress", MethodType.methodType(segmentClass, long.class))
				.asType(MethodType.methodType(Object.class, long.class));
		}

		/** A downcall handle of type {@code (Object address, parameters...) -> result}. */
		private MethodHandle downcall(Object options, Class<?> result, Object resultLayout, Class<?>... parameters)
				throws ReflectiveOperationException {
			Object layouts = Array.newInstance(this.layoutClass, parameters.length);
			for (int i = 0; i < parameters.length; i++) {
				Array.set(layouts, i, (parameters[i] == int.class) ? this.javaInt : this.javaLong);
			}
			try {
				Object descriptor = this.descriptorOf.invoke(null, resultLayout, layouts);
				MethodHandle handle = (MethodHandle) this.downcallHandle.invoke(this.linker, descriptor, options);
				Class<?>[] withAddress = new Class<?>[parameters.length + 1];
				withAddress[0] = Object.class;
				System.arraycopy(parameters, 0, withAddress, 1, parameters.length);
				return handle.asType(MethodType.methodType(result, withAddress));
			}
			catch (InvocationTargetException ex) {
				if (ex.getCause() instanceof RuntimeException runtime) {
					throw runtime;
				}
				throw ex;
			}
		}

	}

}
