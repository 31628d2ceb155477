package rocks.ouroboros.tools;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** Counts the flows a server has finished with, and lets callers wait for a count. */
public final class EndedFlows {

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition ended = this.lock.newCondition();

	private long count;

	/** One more flow ended. */
	public void add() {
		this.lock.lock();
		try {
			this.count++;
			this.ended.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Flows ended so far. */
	public long count() {
		this.lock.lock();
		try {
			return this.count;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits until at least {@code flows} flows ended.
	 * @return whether they did within {@code timeout}
	 */
	public boolean await(long flows, Duration timeout) throws InterruptedException {
		long nanos = timeout.toNanos();
		this.lock.lock();
		try {
			while (this.count < flows) {
				if (nanos <= 0) {
					return false;
				}
				nanos = this.ended.awaitNanos(nanos);
			}
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public String toString() {
		return count() + " flows ended";
	}

}
