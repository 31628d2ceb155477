package rocks.ouroboros.spring.listener;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.task.TaskExecutor;

/**
 * Runs the work of a container's flows on a {@link TaskExecutor} with at most
 * {@code concurrency} tasks at once: flows with work wait in a ready queue, each flow at most
 * once, so that one flow's work never runs on two threads and flows take turns.
 */
final class HandlerWorkers {

	private static final Log logger = LogFactory.getLog(HandlerWorkers.class);

	private final TaskExecutor executor;

	private final int concurrency;

	private final ConcurrentLinkedQueue<FlowSession> ready = new ConcurrentLinkedQueue<>();

	private final AtomicInteger active = new AtomicInteger();

	HandlerWorkers(TaskExecutor executor, int concurrency) {
		this.executor = executor;
		this.concurrency = concurrency;
	}

	/** Queues a session that has work and is not queued or running. */
	void submit(FlowSession session) {
		this.ready.add(session);
		spawn();
	}

	private void spawn() {
		while (!this.ready.isEmpty()) {
			int now = this.active.get();
			if (now >= this.concurrency) {
				return;
			}
			if (this.active.compareAndSet(now, now + 1)) {
				try {
					this.executor.execute(this::work);
				}
				catch (RuntimeException ex) {
					this.active.decrementAndGet();
					logger.error("The listener task executor refused a handler task; " + this.ready.size()
							+ " flows wait for the next one", ex);
				}
				return;
			}
		}
	}

	private void work() {
		try {
			FlowSession session;
			while ((session = this.ready.poll()) != null) {
				if (session.runOnce()) {
					this.ready.add(session);
				}
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
