package rocks.ouroboros.jna;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * Brings the native backend back after irmd died and was started again (SIGKILL, crash, OOM; a
 * clean exit of irmd SIGTERMs this process instead). {@code libouroboros-dev} announces the
 * process only from its load-time init and cannot announce it again, so the only way back without
 * a new JVM is to unload it and load it again: retire the current load (no Java thread may be
 * inside it or enter it, every flow, flow set and event queue of it is closed), unload it, wait
 * until irmd answers, and load it again. If anything could still be inside the old load, it is not
 * unloaded: the backend stays down and {@link #reason()} says why.
 * <p>
 * One instance per JVM, started by {@link #irmdGone} on one background thread; the steps are
 * {@link Steps}, so that the order and the refusals can be tested without a library.
 */
final class IrmdRecovery {

	private static final System.Logger logger = System.getLogger(IrmdRecovery.class.getName());

	/** Where the backend is. */
	enum State {

		/** The current load serves. */
		SERVING,

		/** Closing what the old load made and waiting until no thread is inside it. */
		RETIRING,

		/** The old load is unloaded; waiting until irmd answers to load the library again. */
		WAITING_FOR_IRMD,

		/** Cannot come back without a restart of the application; {@link #reason()} says why. */
		STUCK

	}

	/** What recovering does, in this order. */
	interface Steps {

		/** Retires the current load and closes every handle of it; returns its gate. */
		LibraryGate retire();

		/** Unloads the retired load: {@code null}, or why it could not be unloaded. */
		@Nullable String unload();

		/** {@code null} when irmd answers, else why not. */
		@Nullable String irmdProblem();

		/** Loads the library again: {@code null}, or why it failed. */
		@Nullable String reload();

	}

	/** How long the old load may stay busy before the state says so; the wait goes on after. */
	static final Duration IDLE_WAIT = Duration.ofSeconds(10);

	static final long FIRST_PAUSE_MILLIS = 100;

	static final long LONGEST_PAUSE_MILLIS = 2000;

	private final Steps steps;

	private final Duration idleWait;

	private final ReentrantLock lock = new ReentrantLock();

	private volatile State state = State.SERVING;

	private volatile @Nullable String reason;

	private volatile int recoveries;

	IrmdRecovery(Steps steps) {
		this(steps, IDLE_WAIT);
	}

	IrmdRecovery(Steps steps, Duration idleWait) {
		this.steps = steps;
		this.idleWait = idleWait;
	}

	State state() {
		return this.state;
	}

	/** Why the backend does not serve now, or {@code null} while it serves. */
	@Nullable String reason() {
		return this.reason;
	}

	/** How many times the library was loaded again. */
	int recoveries() {
		return this.recoveries;
	}

	/**
	 * irmd is gone (or another irmd runs now): starts recovering unless it is under way or stuck.
	 * @return whether this call started it
	 */
	boolean irmdGone(String why) {
		this.lock.lock();
		try {
			if (this.state != State.SERVING) {
				return false;
			}
			this.state = State.RETIRING;
			this.reason = why + "; the native backend is unloading libouroboros-dev to load it again once irmd answers";
		}
		finally {
			this.lock.unlock();
		}
		logger.log(Level.WARNING, "Native Ouroboros lost irmd (" + why + "): closing every flow of this process,"
				+ " unloading libouroboros-dev and loading it again once irmd answers");
		Thread thread = new Thread(this::recover, "ouroboros-irmd-recovery");
		thread.setDaemon(true);
		thread.start();
		return true;
	}

	/** Runs the steps; on the recovery thread, or in tests on the caller's. */
	void recover() {
		try {
			LibraryGate gate = this.steps.retire();
			boolean reported = false;
			while (!gate.awaitIdle(this.idleWait)) {
				stuck("threads are still inside the old libouroboros-dev (" + gate.describeBusy() + "), so it is not"
						+ " unloaded; waiting for them (a flow_dealloc waiting for a dead peer can wait for ever: restart"
						+ " the application then)", !reported);
				reported = true;
			}
			this.state = State.RETIRING;
			String refused = this.steps.unload();
			if (refused != null) {
				stuck(refused + "; restart the application to use native Ouroboros again", true);
				return;
			}
			this.state = State.WAITING_FOR_IRMD;
			long pause = FIRST_PAUSE_MILLIS;
			String problem;
			while ((problem = this.steps.irmdProblem()) != null) {
				this.reason = "waiting for irmd to load libouroboros-dev again: " + problem;
				TimeUnit.MILLISECONDS.sleep(pause);
				pause = Math.min(pause * 2, LONGEST_PAUSE_MILLIS);
			}
			String failed = this.steps.reload();
			if (failed != null) {
				stuck(failed + "; restart the application to use native Ouroboros again", true);
				return;
			}
			this.recoveries++;
			this.reason = null;
			this.state = State.SERVING;
			logger.log(Level.INFO, "Native Ouroboros is back: libouroboros-dev loaded again (reload "
					+ this.recoveries + "), flows can be allocated and accepted");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			stuck("recovering from the irmd restart was interrupted", true);
		}
		catch (RuntimeException | LinkageError ex) {
			stuck("recovering from the irmd restart failed: " + ex, true);
		}
	}

	private void stuck(String why, boolean log) {
		this.reason = why;
		this.state = State.STUCK;
		if (log) {
			logger.log(Level.ERROR, "Native Ouroboros cannot recover yet: " + why);
		}
	}

}
