package rocks.ouroboros.jna;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * Deallocates flows without letting {@code flow_dealloc} hang a thread or the JVM.
 * <p>
 * Upstream's {@code flow_dealloc} waits, holding the process lock, until the peer has read every
 * packet this process sent; a peer that never reads (or died) makes it wait for ever, and the
 * library's exit code then waits for that lock, so the JVM cannot exit either. So a flow whose
 * send queue is not empty is not deallocated at once: a daemon thread looks again every 100 ms and
 * deallocates it once the peer has taken its packets. If that never happens the descriptor stays
 * taken until the process exits (irmd then tears the flow down). A flow with an empty queue is
 * deallocated at once; the caller waits at most {@link #WAIT} for that (FRCT flows linger until
 * acknowledged) and then leaves it to the background.
 */
final class DeallocReaper {

	/** How long a close waits for {@code flow_dealloc}. */
	static final Duration WAIT = Duration.ofSeconds(2);

	private static final long POLL_MILLIS = 100;

	private static final System.Logger logger = System.getLogger(DeallocReaper.class.getName());

	private final FccntlLibrary fccntl;

	private final LibraryGate gate;

	private final ReentrantLock lock = new ReentrantLock();

	private final List<Pending> pending = new ArrayList<>();

	private @Nullable Thread thread;

	private record Pending(int fd, String what, @Nullable FrctGuard frct) {
	}

	DeallocReaper(FccntlLibrary fccntl, LibraryGate gate) {
		this.fccntl = fccntl;
		this.gate = gate;
	}

	/** Deallocates {@code fd} now if its send queue is empty, else once the peer has read it. */
	void deallocate(int fd, String what) {
		deallocate(fd, what, null);
	}

	/**
	 * Deallocates {@code fd} as {@link #deallocate(int, String)}; an FRCT flow's guard is freed
	 * after {@code flow_dealloc} returned (its set keeps upstream's own reader away until then).
	 */
	void deallocate(int fd, String what, @Nullable FrctGuard frct) {
		// even the queue length takes upstream's process lock, which a stuck flow_dealloc can hold
		await(inGate(() -> {
			long queued = sendQueue(fd);
			if (queued > 0) {
				logger.log(Level.WARNING, what + " is closed but its peer has not read " + queued
						+ " packets yet; the flow is deallocated once it has (upstream's flow_dealloc would block"
						+ " until then)");
				defer(new Pending(fd, what, frct));
				return;
			}
			dealloc(fd, what, frct);
		}), fd, what);
	}

	private void deallocateNow(int fd, String what, @Nullable FrctGuard frct) {
		await(inGate(() -> dealloc(fd, what, frct)), fd, what);
	}

	/**
	 * Runs {@code task} on a background thread inside the gate of the library load; not at all
	 * once the load is retired (unloading it frees every flow of it).
	 */
	private CompletableFuture<Void> inGate(Runnable task) {
		return Blocking.inBackground(() -> {
			if (this.gate.enter()) {
				try {
					task.run();
				}
				finally {
					this.gate.exit();
				}
			}
		});
	}

	private static void dealloc(int fd, String what, @Nullable FrctGuard frct) {
		int result;
		if (frct != null) {
			// flow_dealloc reads the ring itself: no other reader of ours may run meanwhile
			frct.lock().lock();
			try {
				frct.await(0);
				result = DevLibrary.flow_dealloc(fd);
			}
			finally {
				frct.lock().unlock();
			}
			frct.destroy();
		}
		else {
			result = DevLibrary.flow_dealloc(fd);
		}
		int code = result;
		if (code < 0 && code != -NativeErrors.ENOTALLOC) {
			logger.log(Level.DEBUG, () -> "flow_dealloc(" + fd + ") of " + what + " returned "
					+ NativeErrors.describe(code));
		}
	}

	/** Waits at most {@link #WAIT} for a deallocation; after that it goes on in the background. */
	private static void await(CompletableFuture<Void> done, int fd, String what) {
		try {
			done.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			logger.log(Level.WARNING, "flow_dealloc(" + fd + ") of " + what + " has not returned after "
					+ WAIT.toMillis() + " ms; it goes on in the background and the descriptor stays taken until it"
					+ " returns");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException ex) {
			logger.log(Level.WARNING, "flow_dealloc(" + fd + ") of " + what + " failed", ex.getCause());
		}
	}

	/** Packets sent and not yet read by the peer; -1 when upstream cannot say. */
	private long sendQueue(int fd) {
		Scratch scratch = Scratch.get();
		int result = this.fccntl.fccntl(fd, FccntlLibrary.FLOWGTXQLEN, scratch.out());
		return (result < 0) ? -1 : scratch.outLong();
	}

	private void defer(Pending flow) {
		this.lock.lock();
		try {
			this.pending.add(flow);
			if (this.thread == null) {
				Thread reaper = new Thread(this::run, "ouroboros-dealloc-reaper");
				reaper.setDaemon(true);
				reaper.start();
				this.thread = reaper;
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private void run() {
		while (true) {
			try {
				TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
			}
			catch (InterruptedException ex) {
				return;
			}
			List<Pending> ready = new ArrayList<>();
			this.lock.lock();
			try {
				if (!this.gate.enter()) {
					// the load is retired: unloading it frees the flows still waiting here
					this.pending.clear();
					this.thread = null;
					return;
				}
				try {
					this.pending.removeIf((flow) -> sendQueue(flow.fd()) <= 0 && ready.add(flow));
				}
				finally {
					this.gate.exit();
				}
			}
			finally {
				this.lock.unlock();
			}
			for (Pending flow : ready) {
				logger.log(Level.DEBUG, () -> "The peer of " + flow.what() + " read what was sent: deallocating it");
				deallocateNow(flow.fd(), flow.what(), flow.frct());
			}
		}
	}

}
