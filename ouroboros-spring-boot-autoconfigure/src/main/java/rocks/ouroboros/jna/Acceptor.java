package rocks.ouroboros.jna;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

import rocks.ouroboros.flow.QosSpec;

/**
 * The one {@code flow_accept} of this JVM. A daemon platform thread calls {@code flow_accept} in a
 * loop and hands each flow to a waiting {@code accept()}, or keeps it in a short backlog until one
 * comes.
 * <p>
 * How long each call waits is a trade-off forced by irmd 0.23.0. irmd marks a process as accepting
 * for the names it is bound to <em>when the accept call arrives</em>, and drops the mark for all
 * names when any accept of the process ends; so only one accept may be pending per process, and a
 * name bound while it is pending is not reachable until the next call. Each call therefore waits at
 * most {@link #SLICE} (1 s), and {@link #awaitFreshAccept()} lets a bind wait for the next call.
 * Not shorter: every timed-out accept is a flow record irmd creates, tears down and logs as an
 * error, and with accepts every 200 ms from several processes irmd crashed (segfault) twice here.
 */
final class Acceptor {

	/** Accepted flows kept while no {@code accept()} waits; more are deallocated. */
	static final int BACKLOG = 64;

	private static final System.Logger logger = System.getLogger(Acceptor.class.getName());

	private final LibraryGate gate;

	/** Told when {@code flow_accept} fails in a way that irmd's death explains. */
	private final Runnable irmdTrouble;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition arrived = this.lock.newCondition();

	private final ArrayDeque<Accepted> backlog = new ArrayDeque<>();

	/** How long one {@code flow_accept} waits. */
	static final long SLICE = TimeUnit.SECONDS.toNanos(1);

	private @Nullable Thread thread;

	/** Counts the accept calls made; a bind waits for it to move. */
	private long generation;

	private final Condition calling = this.lock.newCondition();

	Acceptor(LibraryGate gate, Runnable irmdTrouble) {
		this.gate = gate;
		this.irmdTrouble = irmdTrouble;
	}

	/** An accepted descriptor, the QoS it came with and, for FRCT, its guard. */
	record Accepted(int fd, QosSpec qos, @Nullable FrctGuard frct) {
	}

	/**
	 * The next accepted flow, or {@code null} when {@code nanos} (negative: no limit) ran out,
	 * {@code closed} became true or the library load was retired.
	 */
	@Nullable Accepted take(long nanos, BooleanSupplier closed) throws InterruptedException {
		long deadline = (nanos < 0) ? Long.MAX_VALUE : System.nanoTime() + nanos;
		this.lock.lock();
		try {
			if (this.gate.isRetired()) {
				return null;
			}
			start();
			while (this.backlog.isEmpty()) {
				if (closed.getAsBoolean() || this.gate.isRetired()) {
					return null;
				}
				long remaining = deadline - System.nanoTime();
				if (nanos >= 0 && remaining <= 0) {
					return null;
				}
				// wake now and then to see close, without any native call
				this.arrived.awaitNanos(Math.min(remaining, NativeFlow.SLICE));
			}
			return this.backlog.poll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Wakes every waiting {@link #take} so that it sees its instance closed or its load retired. */
	void wakeAll() {
		this.lock.lock();
		try {
			this.arrived.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits (at most two slices) until a new {@code flow_accept} call has been made, so that names
	 * bound before this call are reachable; returns at once when no acceptor runs yet.
	 */
	void awaitFreshAccept() throws InterruptedException {
		this.lock.lock();
		try {
			if (this.thread == null) {
				return;
			}
			long seen = this.generation;
			long remaining = 2 * SLICE;
			while (this.generation == seen && remaining > 0) {
				remaining = this.calling.awaitNanos(remaining);
			}
		}
		finally {
			this.lock.unlock();
		}
		// the call is on its way to irmd
		TimeUnit.MILLISECONDS.sleep(20);
	}

	private void start() {
		if (this.thread == null) {
			Thread acceptor = new Thread(this::run, "ouroboros-accept");
			acceptor.setDaemon(true);
			acceptor.start();
			this.thread = acceptor;
		}
	}

	private void run() {
		boolean reported = false;
		while (true) {
			if (!this.gate.enter()) {
				return; // the load is retired: its accepted flows go with it
			}
			boolean trouble;
			try {
				trouble = acceptOnce(reported);
			}
			finally {
				this.gate.exit();
			}
			reported = trouble;
			if (trouble) {
				this.irmdTrouble.run();
				sleepOneSecond();
			}
		}
	}

	/** One {@code flow_accept}, inside the gate; {@code true} when it failed and should be retried later. */
	private boolean acceptOnce(boolean reported) {
		this.lock.lock();
		try {
			this.generation++;
			this.calling.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		Scratch scratch = Scratch.get();
		long qos = scratch.qos(QosSpec.RAW);
		int fd = DevLibrary.flow_accept(qos, scratch.timespec(SLICE));
		if (fd == -NativeErrors.ETIMEDOUT) {
			return false;
		}
		if (fd == -NativeErrors.EAUTH || fd == -NativeErrors.ECRYPT) {
			// one client failed the security handshake: refuse it and keep accepting
			logger.log(Level.WARNING, "Refused a flow: the client failed the security handshake ("
					+ NativeErrors.describe(fd) + "); irmd's log says why");
			return false;
		}
		if (fd < 0) {
			if (!reported) {
				logger.log(Level.WARNING, "flow_accept failed with " + NativeErrors.describe(fd)
						+ "; retrying every second");
			}
			return true;
		}
		QosSpec granted = scratch.readQos();
		if (FrctGuard.refused(granted)) {
			logger.log(Level.WARNING, "Deallocating accepted flow " + fd + " (" + granted + "): "
					+ FrctGuard.RELIABLE_REFUSED);
			guardedDealloc(fd, granted);
			return false;
		}
		FrctGuard frct;
		try {
			// at once: until then upstream's own FRCT reader is the flow's reader
			frct = FrctGuard.attach(fd, granted);
		}
		catch (RuntimeException ex) {
			logger.log(Level.WARNING, "Deallocating accepted flow " + fd + ": " + ex.getMessage());
			inGate(() -> DevLibrary.flow_dealloc(fd));
			return false;
		}
		offer(new Accepted(fd, granted, frct));
		return false;
	}

	/** Runs {@code task} on a background thread inside the gate; not at all once the load is retired. */
	private void inGate(Runnable task) {
		Blocking.inBackground(() -> {
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

	/** Deallocates a refused flow, its ring guarded from upstream's own FRCT reader meanwhile. */
	private void guardedDealloc(int fd, QosSpec qos) {
		inGate(() -> {
			FrctGuard frct = null;
			try {
				frct = FrctGuard.attach(fd, qos);
			}
			catch (RuntimeException ex) {
				// no flow set left: deallocate unguarded
			}
			DevLibrary.flow_dealloc(fd);
			if (frct != null) {
				frct.destroy();
			}
		});
	}

	private void offer(Accepted accepted) {
		this.lock.lock();
		try {
			if (this.backlog.size() < BACKLOG) {
				this.backlog.add(accepted);
				this.arrived.signal();
				return;
			}
		}
		finally {
			this.lock.unlock();
		}
		logger.log(Level.WARNING, "Deallocating accepted flow " + accepted.fd() + ": " + BACKLOG
				+ " accepted flows wait already and no accept() takes them");
		inGate(() -> {
			DevLibrary.flow_dealloc(accepted.fd());
			FrctGuard frct = accepted.frct();
			if (frct != null) {
				frct.destroy();
			}
		});
	}

	private static void sleepOneSecond() {
		try {
			TimeUnit.SECONDS.sleep(1);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
