package rocks.ouroboros.spring.listener;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.task.TaskExecutor;

import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowEvent;
import rocks.ouroboros.flow.FlowEventQueue;
import rocks.ouroboros.flow.FlowException;
import rocks.ouroboros.flow.FlowFlag;
import rocks.ouroboros.flow.FlowSet;
import rocks.ouroboros.flow.MessageTooLargeException;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.OuroborosUnavailableException;

/**
 * The reader of a packet-mode container: one waiter at a time waits on one {@link FlowSet} that
 * holds every flow of the container, and on each event reads the flow without blocking until it
 * is empty, so that open flows cost no thread. Flows are read with {@link FlowFlag#READ_NO_PARTIAL}
 * into a buffer larger than any packet a layer carries, so each read is one whole packet. A
 * {@code DEALLOC}, {@code DOWN} or {@code PEER} event, or a read that finds the flow down, ends the
 * session: its flow is deallocated once the packets read are handled.
 * <p>
 * Who waits is a role (leader/follower): a platform thread of the loop's own holds it while the
 * flows are quiet; after an event it passes it to a task on the handlers' executor. The task that
 * wins the next event leaves the role vacant, runs the handler itself and then waits again, so a
 * request wakes one thread, not two. If the handler takes longer than {@link #VACANCY}, the loop's
 * thread takes the role meanwhile, so other flows still get their packets read. A task that waits
 * a whole slice without an event gives the role back, and the loop's thread takes it back from a
 * task the executor did not start within a slice, so a quiet or saturated executor holds no
 * thread for the loop.
 */
final class PacketEventLoop {

	/** Larger than the largest packet upstream carries (1 048 260 bytes for root). */
	static final int READ_BUFFER_BYTES = 1 << 20;

	/** How long one wait lasts before the loop looks whether to stop or to end idle flows. */
	static final Duration WAIT_SLICE = Duration.ofMillis(100);

	/**
	 * How often every flow is read even without an event: a safety net, since a packet whose
	 * event went missing would otherwise wait for the flow's next packet.
	 */
	static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);

	/**
	 * How long the role may stay vacant while its last holder runs a handler before the loop's
	 * thread takes it; also how often that thread looks.
	 */
	static final Duration VACANCY = Duration.ofMillis(1);

	/** The waiting role is with the loop's own thread. */
	private static final int HOME = 0;

	/** The waiting role was handed to an executor task that has not started yet. */
	private static final int PENDING = 1;

	/** An executor task has the waiting role. */
	private static final int TASK = 2;

	/** The task that had the role runs a handler and will wait again: nobody waits now. */
	private static final int VACANT = 3;

	private static final Log logger = LogFactory.getLog(PacketEventLoop.class);

	private final FlowListenerContainer container;

	private final FlowSet set;

	private final FlowEventQueue queue;

	private final TaskExecutor executor;

	private final @Nullable Duration idleTimeout;

	/** Used by the holder of the waiting role only, as is everything the wait leads to. */
	private final byte[] buffer = new byte[READ_BUFFER_BYTES];

	private final Thread thread;

	private final AtomicInteger waiter = new AtomicInteger(HOME);

	/** When the role last became {@link #PENDING} or {@link #VACANT} ({@link System#nanoTime()}). */
	private volatile long handedOffAt;

	private volatile boolean running = true;

	private long lastIdleCheck = System.nanoTime();

	private long lastSweep = System.nanoTime();

	PacketEventLoop(FlowListenerContainer container, Ouroboros ouroboros, TaskExecutor executor,
			@Nullable Duration idleTimeout) {
		this.container = container;
		this.executor = executor;
		this.idleTimeout = idleTimeout;
		this.set = ouroboros.newFlowSet();
		try {
			this.queue = ouroboros.newEventQueue();
		}
		catch (RuntimeException ex) {
			this.set.close();
			throw ex;
		}
		this.thread = new Thread(this::run, "ouroboros-events-" + container.getListenerId());
	}

	void start() {
		this.thread.start();
	}

	/** Makes an accepted flow non-blocking for whole packets and adds it to the set (accept thread). */
	void add(FlowSession session) {
		Flow flow = session.flow;
		EnumSet<FlowFlag> flags = EnumSet.copyOf(flow.flags());
		flags.add(FlowFlag.READ_NONBLOCK);
		flags.add(FlowFlag.READ_NO_PARTIAL);
		flow.setFlags(flags);
		this.set.add(flow);
	}

	/**
	 * Stops the loop and waits for it: it reads once more what every flow holds, ends every
	 * session, and frees the set.
	 */
	void stop(Duration timeout) {
		this.running = false;
		if (Thread.currentThread() == this.thread) {
			return;
		}
		LockSupport.unpark(this.thread);
		try {
			this.thread.join(Math.max(1, timeout.toMillis()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (this.thread.isAlive()) {
			logger.warn("The event loop of listener '" + this.container.getListenerId() + "' did not stop within "
					+ timeout);
		}
	}

	/** The loop's own thread: waits while it has the role, else takes it when nobody waits. */
	private void run() {
		try {
			while (this.running) {
				if (this.waiter.get() == HOME) {
					if (turn() && this.running) {
						handOff();
					}
				}
				else {
					LockSupport.parkNanos(this, VACANCY.toNanos());
					takeRoleIfLeft();
				}
			}
		}
		catch (RuntimeException ex) {
			failed(ex);
		}
		finally {
			takeRoleBack();
			for (FlowSession session : this.container.sessions()) {
				drain(session);
				session.end();
			}
			this.set.close();
			this.queue.close();
		}
	}

	/**
	 * An executor task given the waiting role: waits, and on events runs a handler itself,
	 * leaving the role vacant meanwhile; gives the role back after a slice without events.
	 */
	private void follow() {
		if (!this.waiter.compareAndSet(PENDING, TASK)) {
			return;
		}
		boolean holding = true;
		try {
			while (this.running) {
				HandlerWorkers workers = this.container.workers();
				workers.deferFor(Thread.currentThread());
				boolean events;
				try {
					events = turn();
				}
				catch (RuntimeException ex) {
					workers.flush();
					failed(ex);
					return;
				}
				if (!events) {
					workers.flush();
					return;
				}
				holding = false;
				if (!workers.lead(this::vacate)) {
					holding = true;
				}
				else if (this.running && this.waiter.compareAndSet(VACANT, TASK)) {
					holding = true;
				}
				else {
					return;
				}
			}
		}
		finally {
			if (holding) {
				this.waiter.set(HOME);
				LockSupport.unpark(this.thread);
			}
		}
	}

	/** Leaves the role vacant while its holder runs a handler (executor task). */
	private void vacate() {
		this.handedOffAt = System.nanoTime();
		this.waiter.set(VACANT);
	}

	/** Takes the role when it was vacant too long or its task did not start (loop thread). */
	private void takeRoleIfLeft() {
		int now = this.waiter.get();
		long left = System.nanoTime() - this.handedOffAt;
		if (now == VACANT && left >= VACANCY.toNanos()) {
			this.waiter.compareAndSet(VACANT, HOME);
		}
		else if (now == PENDING && left >= WAIT_SLICE.toNanos() && this.waiter.compareAndSet(PENDING, HOME)
				&& logger.isDebugEnabled()) {
			logger.debug("Listener '" + this.container.getListenerId() + "': the task executor did not start a "
					+ "waiter within " + WAIT_SLICE + "; the event loop thread waits again");
		}
	}

	/** Passes the waiting role to a new executor task, or home if the executor refuses it. */
	private void handOff() {
		this.handedOffAt = System.nanoTime();
		this.waiter.set(PENDING);
		try {
			this.executor.execute(this::follow);
		}
		catch (RuntimeException ex) {
			if (this.waiter.compareAndSet(PENDING, HOME)) {
				LockSupport.unpark(this.thread);
			}
			if (logger.isDebugEnabled()) {
				logger.debug("Listener '" + this.container.getListenerId() + "': the task executor refused a waiter; "
						+ "the event loop thread waits: " + ex);
			}
		}
	}

	/** Waits until the role is home again, taking it if nobody waits (loop thread). */
	private void takeRoleBack() {
		while (true) {
			int now = this.waiter.get();
			if (now == HOME || (now != TASK && this.waiter.compareAndSet(now, HOME))) {
				return;
			}
			LockSupport.parkNanos(this, WAIT_SLICE.toNanos());
		}
	}

	/** One wait and what follows it (holder of the role); whether there were events. */
	private boolean turn() {
		boolean events = this.set.await(this.queue, WAIT_SLICE);
		if (events) {
			FlowEvent event;
			while ((event = this.queue.next()) != null) {
				handle(event);
			}
		}
		sweep();
		endIdleFlows();
		return events;
	}

	private void failed(RuntimeException ex) {
		if (this.running) {
			this.running = false;
			this.container.failed(this.set.owner().isClosed() ? new OuroborosUnavailableException(
					"the Ouroboros instance of this listener was closed while the listener ran", ex) : ex);
		}
		LockSupport.unpark(this.thread);
	}

	private void handle(FlowEvent event) {
		FlowSession session = this.container.session(event.flow());
		if (session == null) {
			return;
		}
		switch (event.type()) {
			case PACKET -> {
				drain(session);
				session.schedule();
			}
			case DEALLOC, DOWN, PEER -> {
				drain(session);
				session.end();
			}
			default -> {
			}
		}
	}

	/** Reads every packet waiting in the flow into the session's inbox; how many were read. */
	private int drain(FlowSession session) {
		if (session.isEnding()) {
			return 0;
		}
		int read = 0;
		Flow flow = session.flow;
		while (true) {
			int n;
			try {
				n = flow.read(this.buffer);
			}
			catch (MessageTooLargeException ex) {
				logger.warn("Listener '" + this.container.getListenerId() + "' dropped a packet on " + flow + ": "
						+ ex.getMessage());
				continue;
			}
			catch (FlowException ex) {
				if (logger.isDebugEnabled()) {
					logger.debug("Listener '" + this.container.getListenerId() + "': " + flow + " ends: "
							+ ex.getMessage());
				}
				session.end();
				return read;
			}
			if (n < 0) {
				return read;
			}
			session.received(Arrays.copyOf(this.buffer, n));
			read++;
		}
	}

	private void sweep() {
		long now = System.nanoTime();
		if (now - this.lastSweep < SWEEP_INTERVAL.toNanos()) {
			return;
		}
		this.lastSweep = now;
		for (FlowSession session : this.container.sessions()) {
			if (drain(session) > 0) {
				if (logger.isDebugEnabled()) {
					logger.debug("Listener '" + this.container.getListenerId() + "' found packets without an event on "
							+ session.flow);
				}
				session.schedule();
			}
		}
	}

	private void endIdleFlows() {
		Duration idle = this.idleTimeout;
		long now = System.nanoTime();
		if (idle == null || now - this.lastIdleCheck < WAIT_SLICE.toNanos()) {
			return;
		}
		this.lastIdleCheck = now;
		long limit = idle.toNanos();
		for (FlowSession session : this.container.sessions()) {
			if (!session.isEnding() && session.pendingPackets() == 0 && now - session.lastActivityNanos() > limit) {
				if (logger.isDebugEnabled()) {
					logger.debug("Listener '" + this.container.getListenerId() + "': " + session.flow + " was idle for "
							+ idle + "; deallocating it");
				}
				session.end();
			}
		}
	}

}
