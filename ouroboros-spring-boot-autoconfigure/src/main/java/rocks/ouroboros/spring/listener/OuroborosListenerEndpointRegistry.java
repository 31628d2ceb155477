package rocks.ouroboros.spring.listener;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * Holds the listener containers of an application by listener id. As a {@link SmartLifecycle} it
 * starts the containers whose {@code autoStartup} is set when the context starts and stops every
 * container, gracefully and in parallel, when it stops; containers can also be started and
 * stopped one by one through {@link #getListenerContainer(String)}. Registering a container
 * after the registry started starts it at once if it auto-starts.
 * <p>
 * The read methods are the public view of listeners for metrics and health: ids, names, state,
 * open flows and counters on each {@link OuroborosListenerContainer}.
 */
public class OuroborosListenerEndpointRegistry implements SmartLifecycle, DisposableBean {

	private final ReentrantLock lock = new ReentrantLock();

	private final Map<String, OuroborosListenerContainer> containers = new LinkedHashMap<>();

	private volatile boolean running;

	private int phase = OuroborosListenerContainerFactory.DEFAULT_PHASE;

	/**
	 * Makes the container of {@code endpoint} with {@code factory} and registers it.
	 * @return the container
	 * @throws IllegalStateException when a container with the same id is registered
	 */
	public OuroborosListenerContainer registerListenerContainer(OuroborosListenerEndpoint endpoint,
			OuroborosListenerContainerFactory factory) {
		Objects.requireNonNull(endpoint, "endpoint");
		Objects.requireNonNull(factory, "factory");
		OuroborosListenerContainer container;
		this.lock.lock();
		try {
			if (this.containers.containsKey(endpoint.id())) {
				throw new IllegalStateException("Another @OuroborosListener has the id '" + endpoint.id()
						+ "': give each listener its own id");
			}
			container = factory.createContainer(endpoint);
			this.containers.put(endpoint.id(), container);
			if (this.running && container.isAutoStartup()) {
				container.start();
			}
		}
		finally {
			this.lock.unlock();
		}
		return container;
	}

	/** The container of listener {@code id}, or {@code null}. */
	public @Nullable OuroborosListenerContainer getListenerContainer(String id) {
		this.lock.lock();
		try {
			return this.containers.get(id);
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The ids of every registered listener, in registration order. */
	public Set<String> getListenerContainerIds() {
		this.lock.lock();
		try {
			return Collections.unmodifiableSet(new java.util.LinkedHashSet<>(this.containers.keySet()));
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Every registered container, in registration order. */
	public Collection<OuroborosListenerContainer> getListenerContainers() {
		this.lock.lock();
		try {
			return List.copyOf(this.containers.values());
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Starts every auto-starting container. */
	@Override
	public void start() {
		this.lock.lock();
		try {
			for (OuroborosListenerContainer container : this.containers.values()) {
				if (container.isAutoStartup()) {
					container.start();
				}
			}
			this.running = true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Stops every container and waits for them. */
	@Override
	public void stop() {
		this.running = false;
		for (OuroborosListenerContainer container : getListenerContainers()) {
			container.stop();
		}
	}

	/** Stops every container in parallel; {@code callback} runs once all have stopped. */
	@Override
	public void stop(Runnable callback) {
		this.running = false;
		List<OuroborosListenerContainer> running = new ArrayList<>();
		for (OuroborosListenerContainer container : getListenerContainers()) {
			if (container.isRunning()) {
				running.add(container);
			}
		}
		if (running.isEmpty()) {
			callback.run();
			return;
		}
		AtomicInteger left = new AtomicInteger(running.size());
		for (OuroborosListenerContainer container : running) {
			container.stop(() -> {
				if (left.decrementAndGet() == 0) {
					callback.run();
				}
			});
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

	/** The phase of the registry (default {@link OuroborosListenerContainerFactory#DEFAULT_PHASE}). */
	public void setPhase(int phase) {
		this.phase = phase;
	}

	@Override
	public void destroy() {
		for (OuroborosListenerContainer container : getListenerContainers()) {
			container.stop();
		}
	}

}
