package rocks.ouroboros.spring.listener;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.task.TaskExecutor;

/**
 * Runs the work of a container's flows on a {@link TaskExecutor} with at most
 * {@code concurrency} tasks at once: flows with work wait in a ready queue, each flow at most
 * once, so that one flow's work never runs on two threads and flows take turns. The executor
 * thread that read the work may run it itself ({@link #lead}), which saves waking a worker.
 */
final class HandlerWorkers {

	private static final Log logger = LogFactory.getLog(HandlerWorkers.class);

	private final TaskExecutor executor;

	private final int concurrency;

	private final ConcurrentLinkedQueue<FlowSession> ready = new ConcurrentLinkedQueue<>();

	private final AtomicInteger active = new AtomicInteger();

	/** The executor thread reading for the event loop now: its submits start no worker yet. */
	private volatile @Nullable Thread reader;

	/** Submits {@link #reader} made without starting a worker (only that thread touches it). */
	private int deferred;

	HandlerWorkers(TaskExecutor executor, int concurrency) {
		this.executor = executor;
		this.concurrency = concurrency;
	}

	/** Queues a session that has work and is not queued or running. */
	void submit(FlowSession session) {
		this.ready.add(session);
		if (Thread.currentThread() == this.reader) {
			this.deferred++;
		}
		else {
			spawn();
		}
	}

	/** Holds back the workers for what the calling executor thread submits until {@link #lead}. */
	void deferFor(Thread reader) {
		this.deferred = 0;
		this.reader = reader;
	}

	/**
	 * Ends {@link #deferFor}: if the calling thread submitted work and a handler slot is free, it
	 * runs {@code handOff} (which leaves its waiting role) and then the work itself, with workers
	 * of their own for the other flows it submitted; otherwise it starts workers for them.
	 * @return whether the calling thread ran work (and so left its role)
	 */
	boolean lead(Runnable handOff) {
		int submitted = endDeferring();
		FlowSession first = null;
		if (submitted > 0 && claim()) {
			first = this.ready.poll();
			if (first == null) {
				this.active.decrementAndGet();
			}
		}
		if (first == null) {
			spawn(submitted);
			return false;
		}
		handOff.run();
		spawn(submitted - 1);
		work(first);
		return true;
	}

	/** Ends {@link #deferFor} without running work here: starts the workers held back. */
	void flush() {
		spawn(endDeferring());
	}

	private int endDeferring() {
		this.reader = null;
		int submitted = this.deferred;
		this.deferred = 0;
		return submitted;
	}

	private void spawn(int times) {
		for (int i = 0; i < times; i++) {
			spawn();
		}
	}

	private void spawn() {
		if (this.ready.isEmpty() || !claim()) {
			return;
		}
		try {
			this.executor.execute(() -> work(null));
		}
		catch (RuntimeException ex) {
			this.active.decrementAndGet();
			logger.error("The listener task executor refused a handler task; " + this.ready.size()
					+ " flows wait for the next one", ex);
		}
	}

	/** Takes a handler slot if fewer than {@code concurrency} are taken. */
	private boolean claim() {
		while (true) {
			int now = this.active.get();
			if (now >= this.concurrency) {
				return false;
			}
			if (this.active.compareAndSet(now, now + 1)) {
				return true;
			}
		}
	}

	/** Runs ready sessions, {@code first} first, until none is left; the slot is already taken. */
	private void work(@Nullable FlowSession first) {
		try {
			FlowSession session = (first != null) ? first : this.ready.poll();
			while (session != null) {
				if (session.runOnce()) {
					this.ready.add(session);
				}
				session = this.ready.poll();
			}
		}
		finally {
			this.active.decrementAndGet();
			spawn();
		}
	}

	/** Handler tasks running now. */
	int activeCount() {
		return this.active.get();
	}

}
