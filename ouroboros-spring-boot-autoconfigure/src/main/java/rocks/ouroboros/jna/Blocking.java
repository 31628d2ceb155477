package rocks.ouroboros.jna;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Keeps blocking native calls off virtual threads. A thread blocked in native code pins a
 * virtual thread to its carrier, so a blocking read, accept, alloc or event wait started on a
 * virtual thread runs on a platform thread of a small daemon pool while the virtual thread parks.
 * Non-blocking calls run where they are called.
 */
final class Blocking {

	private static final @Nullable MethodHandle isVirtual = findIsVirtual();

	private static final AtomicInteger threads = new AtomicInteger();

	private static final ExecutorService platform = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "ouroboros-native-" + threads.incrementAndGet());
		thread.setDaemon(true);
		return thread;
	});

	private Blocking() {
	}

	/** Whether the current thread is a virtual thread (never on Java 17). */
	static boolean onVirtualThread() {
		MethodHandle handle = isVirtual;
		if (handle == null) {
			return false;
		}
		try {
			return (boolean) handle.invokeExact(Thread.currentThread());
		}
		catch (Throwable ex) {
			return false;
		}
	}

	/** Runs {@code call} on a platform thread and waits for it, rethrowing what it threw. */
	static <T> T onPlatformThread(Supplier<T> call) {
		try {
			return CompletableFuture.supplyAsync(call, platform).join();
		}
		catch (CompletionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw ex;
		}
	}

	/** Runs {@code task} on a daemon platform thread. */
	static CompletableFuture<Void> inBackground(Runnable task) {
		return CompletableFuture.runAsync(task, platform);
	}

	/** Runs {@code call} on a daemon platform thread. */
	static <T> CompletableFuture<T> inBackground(Supplier<T> call) {
		return CompletableFuture.supplyAsync(call, platform);
	}

	private static @Nullable MethodHandle findIsVirtual() {
		try {
			return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual",
					MethodType.methodType(boolean.class));
		}
		catch (ReflectiveOperationException ex) {
			return null;
		}
	}

}
