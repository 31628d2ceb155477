package rocks.ouroboros.spring.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import rocks.ouroboros.flow.BackendKind;
import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowException;
import rocks.ouroboros.flow.FlowTimeoutException;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.OuroborosUnavailableException;

/**
 * The one accept loop of an {@link Ouroboros} instance: a platform thread that accepts flows and
 * hands each to a container serving the name it was allocated to, taking turns when several
 * containers serve one name. It binds names containers ask for (and unbinds those it bound when
 * their last container leaves), runs while any container is registered, and accepts with a
 * finite timeout so that it notices that quickly.
 * <p>
 * On the native backend an accepted flow does not say which name it was for, so an instance
 * serves one name only; registering a second one fails with the reason.
 */
final class AcceptDispatcher {

	/** How long one accept waits before the loop looks whether it should go on. */
	static final Duration ACCEPT_SLICE = Duration.ofMillis(200);

	/** How long a stop waits for the accept loop at most: a slice, a dispatch, and a margin. */
	static final Duration STOP_BOUND = Duration.ofSeconds(3);

	private static final Log logger = LogFactory.getLog(AcceptDispatcher.class);

	private static final Map<Ouroboros, AcceptDispatcher> dispatchers = new ConcurrentHashMap<>();

	private final Ouroboros ouroboros;

	private final ReentrantLock lock = new ReentrantLock();

	/** Held by the accept loop from before an accept until its flow is dispatched. */
	private final ReentrantLock acceptLock = new ReentrantLock();

	/** The containers of each name, in registration order; guarded by {@link #lock}. */
	private final Map<String, List<Route>> routes = new LinkedHashMap<>();

	/** Names this dispatcher bound; guarded by {@link #lock}. */
	private final Set<String> boundHere = new TreeSet<>();

	private int turn;

	private @Nullable Thread thread;

	private AcceptDispatcher(Ouroboros ouroboros) {
		this.ouroboros = ouroboros;
	}

	/** The dispatcher of {@code ouroboros}: one per instance. */
	static AcceptDispatcher of(Ouroboros ouroboros) {
		return dispatchers.computeIfAbsent(ouroboros, AcceptDispatcher::new);
	}

	/**
	 * Routes flows accepted on {@code name} to {@code target} until the returned route is
	 * {@link #unregister(Route) unregistered}; binds the name when it is not bound yet.
	 * @param onFailure told when accepting fails for good
	 * @throws IllegalStateException on the native backend when the instance serves another name
	 */
	Route register(String listenerId, String name, Consumer<Flow> target, Consumer<Throwable> onFailure) {
		this.lock.lock();
		try {
			if (this.ouroboros.backend() == BackendKind.NATIVE) {
				checkOneName(listenerId, name);
			}
			if (!this.ouroboros.boundNames().contains(name)) {
				this.ouroboros.bind(name);
				this.boundHere.add(name);
			}
			Route route = new Route(listenerId, name, target, onFailure);
			this.routes.computeIfAbsent(name, (n) -> new ArrayList<>()).add(route);
			dispatchers.putIfAbsent(this.ouroboros, this);
			if (this.thread == null) {
				Thread thread = new Thread(this::acceptLoop, "ouroboros-accept-" + name);
				this.thread = thread;
				thread.start();
			}
			return route;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void checkOneName(String listenerId, String name) {
		Set<String> served = new TreeSet<>(this.routes.keySet());
		served.addAll(this.ouroboros.boundNames());
		served.remove(name);
		if (!served.isEmpty()) {
			throw new IllegalStateException("Listener '" + listenerId + "' cannot serve '" + name
					+ "': this process already serves " + served + ". On the native backend a process cannot tell"
					+ " which name an accepted flow was allocated to (flow_accept does not say), so one process"
					+ " serves one name. Serve the other names from other applications, or use one name and tell"
					+ " requests apart by their content; several listeners on the same name are fine.");
		}
	}

	/**
	 * Stops routing to {@code route}. First unbinds its name if this dispatcher bound it and no
	 * other route serves it, so that no new flow comes; then waits for the accept in progress (at
	 * most {@link #ACCEPT_SLICE}), whose flow still goes to the route; then removes the route.
	 */
	void unregister(Route route) {
		unregister(route, STOP_BOUND);
	}

	/**
	 * As {@link #unregister(Route)}, waiting at most {@code bound} for the accept loop: a loop
	 * stuck in native code (a dispatch whose flow cannot be deallocated) is abandoned and logged.
	 */
	void unregister(Route route, Duration bound) {
		long deadline = System.nanoTime() + bound.toNanos();
		if (!lockUntil(this.lock, deadline, "unbind '" + route.name + "' for " + route)) {
			return;
		}
		try {
			List<Route> list = this.routes.get(route.name);
			if (list == null || !list.contains(route)) {
				return;
			}
			if (list.size() == 1 && this.boundHere.remove(route.name) && !this.ouroboros.isClosed()) {
				try {
					this.ouroboros.unbind(route.name);
				}
				catch (FlowException ex) {
					logger.warn("Unbinding '" + route.name + "' failed: " + ex.getMessage());
				}
			}
		}
		finally {
			this.lock.unlock();
		}
		if (!this.acceptLock.isHeldByCurrentThread()
				&& lockUntil(this.acceptLock, deadline, "finish the accept in progress for " + route)) {
			this.acceptLock.unlock();
		}
		if (!lockUntil(this.lock, deadline, "remove " + route)) {
			return;
		}
		try {
			List<Route> list = this.routes.get(route.name);
			if (list != null && list.remove(route) && list.isEmpty()) {
				this.routes.remove(route.name);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Takes {@code lock} before {@code deadline}; otherwise logs what is abandoned and the holder's place. */
	private boolean lockUntil(ReentrantLock lock, long deadline, String what) {
		try {
			if (lock.tryLock(Math.max(deadline - System.nanoTime(), 0), TimeUnit.NANOSECONDS)) {
				return true;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		Thread loop = this.thread;
		StackTraceElement[] stack = (loop != null) ? loop.getStackTrace() : new StackTraceElement[0];
		logger.warn("Stopping gave up waiting to " + what + ": the accept thread " + ((loop != null) ? loop.getName()
				+ " is stuck at " + ((stack.length > 0) ? stack[0] : "?") : "is busy") + "; abandoning it");
		return false;
	}

	private void acceptLoop() {
		while (true) {
			if (!shouldRun()) {
				return;
			}
			this.acceptLock.lock();
			try {
				Flow flow;
				try {
					flow = this.ouroboros.accept(ACCEPT_SLICE);
				}
				catch (FlowTimeoutException ex) {
					continue;
				}
				catch (RuntimeException ex) {
					fail(ex);
					return;
				}
				dispatch(flow);
			}
			finally {
				this.acceptLock.unlock();
			}
		}
	}

	private boolean shouldRun() {
		this.lock.lock();
		try {
			if (this.routes.isEmpty() || this.ouroboros.isClosed()) {
				this.thread = null;
				dispatchers.remove(this.ouroboros, this);
				return false;
			}
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void fail(RuntimeException failure) {
		List<Route> failed = new ArrayList<>();
		this.lock.lock();
		try {
			this.routes.values().forEach(failed::addAll);
			this.routes.clear();
			this.thread = null;
			dispatchers.remove(this.ouroboros, this);
		}
		finally {
			this.lock.unlock();
		}
		if (failure instanceof OuroborosUnavailableException && this.ouroboros.recoversByItself()) {
			logger.warn("Accepting flows on " + this.ouroboros + " stopped: " + failure.getMessage() + "; listeners "
					+ failed + " wait for it to serve again");
		}
		else {
			logger.error("Accepting flows on " + this.ouroboros + " failed; listeners " + failed + " stop", failure);
		}
		for (Route route : failed) {
			route.onFailure.accept(failure);
		}
	}

	private void dispatch(Flow flow) {
		Route route = pick(flow.name());
		if (route == null) {
			logger.warn("Accepted " + flow + " but no listener serves '" + flow.name()
					+ "' any more; deallocating it");
			flow.close();
			return;
		}
		try {
			route.target.accept(flow);
		}
		catch (RuntimeException ex) {
			logger.error("Listener '" + route.listenerId + "' could not take " + flow + "; deallocating it", ex);
			flow.close();
		}
	}

	private @Nullable Route pick(String name) {
		this.lock.lock();
		try {
			List<Route> list = this.routes.get(name);
			if (list == null && this.ouroboros.backend() == BackendKind.NATIVE && this.routes.size() == 1) {
				list = this.routes.values().iterator().next();
			}
			if (list == null || list.isEmpty()) {
				return null;
			}
			return list.get(Math.floorMod(this.turn++, list.size()));
		}
		finally {
			this.lock.unlock();
		}
	}

	/** One container's claim on a name. */
	static final class Route {

		final String listenerId;

		final String name;

		final Consumer<Flow> target;

		final Consumer<Throwable> onFailure;

		Route(String listenerId, String name, Consumer<Flow> target, Consumer<Throwable> onFailure) {
			this.listenerId = listenerId;
			this.name = name;
			this.target = target;
			this.onFailure = onFailure;
		}

		@Override
		public String toString() {
			return this.listenerId;
		}

	}

}
