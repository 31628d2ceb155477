package rocks.ouroboros.spring.listener;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

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
 * The reader of a packet-mode container: one platform thread waits on one {@link FlowSet} that
 * holds every flow of the container, and on each event reads the flow without blocking until it
 * is empty, so that open flows cost no thread. Flows are read with {@link FlowFlag#READ_NO_PARTIAL}
 * into a buffer larger than any packet a layer carries, so each read is one whole packet. A
 * {@code DEALLOC}, {@code DOWN} or {@code PEER} event, or a read that finds the flow down, ends the
 * session: its flow is deallocated once the packets read are handled.
 */
final class PacketEventLoop {

	/** Larger than the largest packet upstream carries (1 048 260 bytes for root). */
	static final int READ_BUFFER_BYTES = 1 << 20;

	/** How long one wait lasts before the loop looks whether to stop or to end idle flows. */
	static final Duration WAIT_SLICE = Duration.ofMillis(100);

	private static final Log logger = LogFactory.getLog(PacketEventLoop.class);

	private final FlowListenerContainer container;

	private final FlowSet set;

	private final FlowEventQueue queue;

	private final @Nullable Duration idleTimeout;

	private final byte[] buffer = new byte[READ_BUFFER_BYTES];

	private final Thread thread;

	private volatile boolean running = true;

	private long lastIdleCheck = System.nanoTime();

	PacketEventLoop(FlowListenerContainer container, Ouroboros ouroboros, @Nullable Duration idleTimeout) {
		this.container = container;
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

	private void run() {
		try {
			while (this.running) {
				if (this.set.await(this.queue, WAIT_SLICE)) {
					FlowEvent event;
					while ((event = this.queue.next()) != null) {
						handle(event);
					}
				}
				endIdleFlows();
			}
		}
		catch (RuntimeException ex) {
			if (this.running) {
				this.running = false;
				this.container.failed(this.set.owner().isClosed() ? new OuroborosUnavailableException(
						"the Ouroboros instance of this listener was closed while the listener ran", ex) : ex);
			}
		}
		finally {
			for (FlowSession session : this.container.sessions()) {
				drain(session);
				session.end();
			}
			this.set.close();
			this.queue.close();
		}
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

	/** Reads every packet waiting in the flow into the session's inbox. */
	private void drain(FlowSession session) {
		if (session.isEnding()) {
			return;
		}
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
				return;
			}
			if (n < 0) {
				return;
			}
			session.received(Arrays.copyOf(this.buffer, n));
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
