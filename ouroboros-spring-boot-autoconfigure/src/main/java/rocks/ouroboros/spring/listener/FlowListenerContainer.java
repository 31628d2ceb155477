package rocks.ouroboros.spring.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.task.TaskExecutor;

import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowException;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.OuroborosUnavailableException;

/**
 * The {@link OuroborosListenerContainer} the factory makes: takes flows from the
 * {@link AcceptDispatcher} of its {@link Ouroboros} instance, reads packet-mode flows with a
 * {@link PacketEventLoop}, and runs the listener method on {@link HandlerWorkers}.
 */
final class FlowListenerContainer implements OuroborosListenerContainer {

	private static final Log logger = LogFactory.getLog(FlowListenerContainer.class);

	/** The first and the longest pause between starts while {@link ListenerState#RECOVERING recovering}. */
	static final Duration FIRST_RETRY = Duration.ofMillis(250);

	static final Duration LONGEST_RETRY = Duration.ofSeconds(5);

	private final OuroborosListenerEndpoint endpoint;

	private final Ouroboros ouroboros;

	private final TaskExecutor executor;

	private final int concurrency;

	private final @Nullable Duration idleTimeout;

	private final Duration shutdownTimeout;

	private final OuroborosListenerErrorHandler errorHandler;

	private final List<ListenerInvocationInterceptor> interceptors;

	private final boolean autoStartup;

	private final int phase;

	private final ReentrantLock lifecycleLock = new ReentrantLock();

	private final ReentrantLock sessionLock = new ReentrantLock();

	private final Condition sessionsGone = this.sessionLock.newCondition();

	private final Map<Flow, FlowSession> sessions = new ConcurrentHashMap<>();

	private final AtomicLong accepted = new AtomicLong();

	private final AtomicLong handled = new AtomicLong();

	private final AtomicLong failedCalls = new AtomicLong();

	private volatile ListenerState state = ListenerState.CREATED;

	private volatile @Nullable Throwable failure;

	/** The next pause while recovering: doubles per failed start, back to the first once a flow came. */
	private volatile long retryPauseMillis = FIRST_RETRY.toMillis();

	private volatile HandlerWorkers workers;

	private @Nullable PacketEventLoop eventLoop;

	private AcceptDispatcher.@Nullable Route route;

	FlowListenerContainer(OuroborosListenerEndpoint endpoint, Ouroboros ouroboros, TaskExecutor executor,
			int concurrency, @Nullable Duration idleTimeout, Duration shutdownTimeout,
			OuroborosListenerErrorHandler errorHandler, List<ListenerInvocationInterceptor> interceptors,
			boolean autoStartup, int phase) {
		this.endpoint = endpoint;
		this.ouroboros = ouroboros;
		this.executor = executor;
		this.concurrency = concurrency;
		this.idleTimeout = idleTimeout;
		this.shutdownTimeout = shutdownTimeout;
		this.errorHandler = errorHandler;
		this.interceptors = List.copyOf(interceptors);
		this.autoStartup = autoStartup;
		this.phase = phase;
		this.workers = new HandlerWorkers(executor, concurrency);
	}

	// ---------------------------------------------------------------- lifecycle

	@Override
	public void start() {
		this.lifecycleLock.lock();
		try {
			if (this.state == ListenerState.RUNNING) {
				return;
			}
			if (this.state == ListenerState.FAILED || this.state == ListenerState.RECOVERING) {
				shutDown();
			}
			this.failure = null;
			this.workers = new HandlerWorkers(this.executor, this.concurrency);
			PacketEventLoop loop = null;
			if (getMode() == ListenerMode.PACKET) {
				loop = new PacketEventLoop(this, this.ouroboros, this.executor, this.idleTimeout);
			}
			this.eventLoop = loop;
			this.state = ListenerState.RUNNING;
			try {
				this.route = AcceptDispatcher.of(this.ouroboros)
					.register(getListenerId(), getName(), this::accepted, this::failed);
			}
			catch (RuntimeException ex) {
				this.state = ListenerState.FAILED;
				this.failure = ex;
				if (loop != null) {
					loop.stop(this.shutdownTimeout);
				}
				throw ex;
			}
			if (loop != null) {
				loop.start();
			}
			if (logger.isDebugEnabled()) {
				logger.debug("Listener '" + getListenerId() + "' serves '" + getName() + "' in " + getMode() + " mode");
			}
		}
		finally {
			this.lifecycleLock.unlock();
		}
	}

	@Override
	public void stop() {
		this.lifecycleLock.lock();
		try {
			if (this.state == ListenerState.RECOVERING) {
				// its accepts were shut down when it began recovering; this ends the retries
				this.state = ListenerState.STOPPED;
				return;
			}
			if (this.state != ListenerState.RUNNING) {
				return;
			}
			this.state = ListenerState.STOPPING;
			shutDown();
			this.state = ListenerState.STOPPED;
		}
		finally {
			this.lifecycleLock.unlock();
		}
	}

	@Override
	public void stop(Runnable callback) {
		if (!isRunning()) {
			callback.run();
			return;
		}
		Thread stopper = new Thread(() -> {
			try {
				stop();
			}
			finally {
				callback.run();
			}
		}, "ouroboros-stop-" + getListenerId());
		stopper.start();
	}

	/** Stops accepting, lets handlers finish within the shutdown timeout, then deallocates what is left. */
	private void shutDown() {
		long deadline = System.nanoTime() + this.shutdownTimeout.toNanos();
		AcceptDispatcher.Route route = this.route;
		this.route = null;
		if (route != null) {
			AcceptDispatcher.of(this.ouroboros).unregister(route, this.shutdownTimeout);
		}
		PacketEventLoop loop = this.eventLoop;
		this.eventLoop = null;
		if (loop != null) {
			loop.stop(this.shutdownTimeout);
		}
		this.sessionLock.lock();
		try {
			long nanos = deadline - System.nanoTime();
			while (!this.sessions.isEmpty() && nanos > 0) {
				nanos = this.sessionsGone.awaitNanos(nanos);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.sessionLock.unlock();
		}
		Collection<FlowSession> left = new ArrayList<>(this.sessions.values());
		if (!left.isEmpty()) {
			// deallocating may sit in native code (a dead peer's flow): never longer than the bound
			java.util.concurrent.atomic.AtomicInteger dropped = new java.util.concurrent.atomic.AtomicInteger();
			java.util.concurrent.atomic.AtomicInteger aborted = new java.util.concurrent.atomic.AtomicInteger();
			Thread aborter = new Thread(() -> {
				for (FlowSession session : left) {
					dropped.addAndGet(session.abort());
					aborted.incrementAndGet();
				}
			}, "ouroboros-abort-" + getListenerId());
			aborter.setDaemon(true);
			aborter.start();
			try {
				aborter.join(AcceptDispatcher.STOP_BOUND.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			logger.warn("Listener '" + getListenerId() + "' did not finish within its shutdown timeout of "
					+ this.shutdownTimeout + ": deallocated " + aborted.get() + " of " + left.size()
					+ " flows still being handled"
					+ ((dropped.get() > 0) ? " and dropped " + dropped.get() + " packets not yet handled" : "")
					+ (aborter.isAlive() ? "; the rest is abandoned to the background (stuck in native code)" : ""));
		}
	}

	/** Running, or recovering (so that the lifecycle stops it, which ends the retries). */
	@Override
	public boolean isRunning() {
		ListenerState current = this.state;
		return current == ListenerState.RUNNING || current == ListenerState.RECOVERING;
	}

	@Override
	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

	/**
	 * Accepting or reading failed: the container stops taking flows and says why. When the backend
	 * stopped serving and {@link Ouroboros#recoversByItself() comes back by itself}, the container
	 * is {@link ListenerState#RECOVERING} and starts again with back-off; otherwise it failed for good.
	 */
	void failed(Throwable cause) {
		if (this.state != ListenerState.RUNNING) {
			return;
		}
		if (this.ouroboros.recoversByItself() && !this.ouroboros.isClosed()
				&& (cause instanceof OuroborosUnavailableException || !this.ouroboros.isAvailable())) {
			recover(cause);
			return;
		}
		this.failure = cause;
		this.state = ListenerState.FAILED;
		logger.error("Listener '" + getListenerId() + "' on '" + getName() + "' failed and takes no more flows; "
				+ "restart it through the OuroborosListenerEndpointRegistry once the cause is fixed", cause);
		Thread cleanup = new Thread(() -> {
			this.lifecycleLock.lock();
			try {
				if (this.state == ListenerState.FAILED) {
					shutDown();
				}
			}
			finally {
				this.lifecycleLock.unlock();
			}
		}, "ouroboros-failed-" + getListenerId());
		cleanup.start();
	}

	/** Shuts down what runs and starts again, with back-off, once the backend serves again. */
	private void recover(Throwable cause) {
		this.lifecycleLock.lock();
		try {
			if (this.state != ListenerState.RUNNING) {
				return;
			}
			this.failure = cause;
			this.state = ListenerState.RECOVERING;
		}
		finally {
			this.lifecycleLock.unlock();
		}
		logger.warn("Listener '" + getListenerId() + "' on '" + getName() + "' stopped taking flows because "
				+ this.ouroboros.backend().name().toLowerCase(Locale.ROOT) + " Ouroboros stopped serving ("
				+ cause.getMessage() + "); it starts again by itself once it serves");
		Thread retries = new Thread(() -> {
			this.lifecycleLock.lock();
			try {
				if (this.state == ListenerState.RECOVERING) {
					shutDown();
				}
			}
			finally {
				this.lifecycleLock.unlock();
			}
			while (true) {
				long pause = this.retryPauseMillis;
				try {
					TimeUnit.MILLISECONDS.sleep(pause);
				}
				catch (InterruptedException ex) {
					return;
				}
				this.retryPauseMillis = Math.min(pause * 2, LONGEST_RETRY.toMillis());
				if (this.state != ListenerState.RECOVERING || this.ouroboros.isClosed()) {
					return;
				}
				if (!this.ouroboros.isAvailable()) {
					continue;
				}
				if (restart()) {
					return;
				}
			}
		}, "ouroboros-recover-" + getListenerId());
		retries.setDaemon(true);
		retries.start();
	}

	/** One start while recovering: {@code true} when it runs again (or was stopped meanwhile). */
	private boolean restart() {
		this.lifecycleLock.lock();
		try {
			if (this.state != ListenerState.RECOVERING) {
				return true;
			}
			Throwable cause = this.failure;
			this.state = ListenerState.CREATED;
			try {
				start();
			}
			catch (RuntimeException ex) {
				this.failure = ex;
				this.state = ListenerState.RECOVERING;
				logger.debug("Listener '" + getListenerId() + "' could not start again yet: " + ex.getMessage());
				return false;
			}
			logger.info("Listener '" + getListenerId() + "' on '" + getName() + "' started again (it had stopped: "
					+ ((cause != null) ? cause.getMessage() : "the backend stopped serving") + ")");
			return true;
		}
		finally {
			this.lifecycleLock.unlock();
		}
	}

	// ---------------------------------------------------------------- flows

	/** A flow the dispatcher accepted for this listener (accept thread). */
	private void accepted(Flow flow) {
		ListenerState state = this.state;
		if (state != ListenerState.RUNNING && state != ListenerState.STOPPING) {
			logger.warn("Listener '" + getListenerId() + "' is " + state + " and cannot take " + flow
					+ "; deallocating it");
			flow.close();
			return;
		}
		this.accepted.incrementAndGet();
		this.retryPauseMillis = FIRST_RETRY.toMillis();
		FlowSession session = new FlowSession(flow, this);
		this.sessions.put(flow, session);
		PacketEventLoop loop = this.eventLoop;
		try {
			if (getMode() == ListenerMode.FLOW) {
				if (this.idleTimeout != null) {
					flow.setReadTimeout(this.idleTimeout);
				}
				session.schedule();
			}
			else if (loop != null) {
				loop.add(session);
			}
			else {
				session.finish();
			}
		}
		catch (FlowException ex) {
			logger.debug("Listener '" + getListenerId() + "' lost " + flow + " as it arrived: " + ex.getMessage());
			session.finish();
		}
	}

	/** Runs a flow-mode listener on its flow (worker thread); the session deallocates the flow after. */
	void handleFlow(FlowSession session) {
		ListenerInvocation invocation = new ListenerInvocation(getListenerId(), getName(), ListenerMode.FLOW,
				session.flow, null);
		try {
			invoke(invocation, () -> {
				this.endpoint.method().invokeWithFlow(session.flow);
				return null;
			});
			this.handled.incrementAndGet();
		}
		catch (Exception ex) {
			if (session.isFinished()) {
				logger.debug("Listener '" + getListenerId() + "' was cut short at shutdown: " + ex);
				return;
			}
			this.failedCalls.incrementAndGet();
			try {
				this.errorHandler.handleError(ex, invocation);
			}
			catch (Exception handlerFailure) {
				logger.error("The error handler of listener '" + getListenerId() + "' failed", handlerFailure);
			}
		}
	}

	/** Runs a packet-mode listener on one packet and writes the reply (worker thread). */
	void handlePacket(FlowSession session, byte[] packet) {
		ListenerInvocation invocation = new ListenerInvocation(getListenerId(), getName(), ListenerMode.PACKET,
				session.flow, packet);
		byte[] reply;
		try {
			reply = ListenerMethod.toPacket(invoke(invocation,
					() -> this.endpoint.method().invokeWithPacket(packet, session.flow)));
			this.handled.incrementAndGet();
		}
		catch (Exception ex) {
			this.failedCalls.incrementAndGet();
			try {
				reply = ListenerMethod.toPacket(this.errorHandler.handleError(ex, invocation));
			}
			catch (Exception handlerFailure) {
				logger.warn("Listener '" + getListenerId() + "' gives up on " + session.flow
						+ ": its error handler threw " + handlerFailure);
				session.end();
				return;
			}
		}
		if (reply != null) {
			try {
				session.flow.write(reply);
			}
			catch (FlowException ex) {
				if (session.isFinished()) {
					logger.debug("Listener '" + getListenerId() + "' was cut short at shutdown: " + ex.getMessage());
					return;
				}
				logger.warn("Listener '" + getListenerId() + "' could not write its reply of " + reply.length
						+ " bytes on " + session.flow + ": " + ex.getMessage());
				session.end();
			}
		}
	}

	private @Nullable Object invoke(ListenerInvocation invocation, ListenerInvocationInterceptor.Next last)
			throws Exception {
		return proceed(0, invocation, last);
	}

	private @Nullable Object proceed(int index, ListenerInvocation invocation, ListenerInvocationInterceptor.Next last)
			throws Exception {
		if (index == this.interceptors.size()) {
			return last.proceed();
		}
		return this.interceptors.get(index).intercept(invocation, () -> proceed(index + 1, invocation, last));
	}

	void sessionFinished(FlowSession session) {
		this.sessions.remove(session.flow, session);
		if (this.sessions.isEmpty()) {
			this.sessionLock.lock();
			try {
				this.sessionsGone.signalAll();
			}
			finally {
				this.sessionLock.unlock();
			}
		}
	}

	@Nullable FlowSession session(Flow flow) {
		return this.sessions.get(flow);
	}

	Collection<FlowSession> sessions() {
		return this.sessions.values();
	}

	HandlerWorkers workers() {
		return this.workers;
	}

	// ---------------------------------------------------------------- state

	@Override
	public String getListenerId() {
		return this.endpoint.id();
	}

	@Override
	public String getName() {
		return this.endpoint.name();
	}

	@Override
	public ListenerMode getMode() {
		return this.endpoint.method().getMode();
	}

	@Override
	public int getConcurrency() {
		return this.concurrency;
	}

	@Override
	public ListenerState getState() {
		return this.state;
	}

	@Override
	public @Nullable Throwable getFailure() {
		return this.failure;
	}

	@Override
	public int getOpenFlowCount() {
		return this.sessions.size();
	}

	@Override
	public long getAcceptedFlowCount() {
		return this.accepted.get();
	}

	@Override
	public long getHandledCount() {
		return this.handled.get();
	}

	@Override
	public long getFailedCount() {
		return this.failedCalls.get();
	}

	/** How long {@link #stop()} waits for handlers. */
	Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	@Override
	public String toString() {
		return "OuroborosListenerContainer[id=" + getListenerId() + ", name=" + getName() + ", mode=" + getMode()
				+ ", state=" + this.state + ", openFlows=" + this.sessions.size() + "]";
	}

}
