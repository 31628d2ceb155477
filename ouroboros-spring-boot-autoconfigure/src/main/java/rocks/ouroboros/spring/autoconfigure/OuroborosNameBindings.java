package rocks.ouroboros.spring.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.SmartLifecycle;

import rocks.ouroboros.flow.FlowException;
import rocks.ouroboros.flow.NameOptions;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.SecurityPaths;
import rocks.ouroboros.spring.listener.OuroborosListenerContainerFactory;

/**
 * Binds the names of {@code ouroboros.names.<name>} when the context starts (creating them and
 * registering them in layers as configured) and unbinds them when it stops. Its phase is below
 * the listeners', so names are bound before listeners start and unbound after they stopped.
 */
public final class OuroborosNameBindings implements SmartLifecycle {

	/** Below the listener containers: start earlier, stop later. */
	public static final int PHASE = OuroborosListenerContainerFactory.DEFAULT_PHASE - 100;

	private static final Log logger = LogFactory.getLog(OuroborosNameBindings.class);

	private final Ouroboros ouroboros;

	private final Map<String, NameOptions> names;

	private final ReentrantLock lock = new ReentrantLock();

	private final List<String> bound = new ArrayList<>();

	private volatile boolean running;

	/**
	 * @param ouroboros the process to bind
	 * @param names the names and how to set them up
	 */
	public OuroborosNameBindings(Ouroboros ouroboros, Map<String, NameOptions> names) {
		this.ouroboros = ouroboros;
		this.names = Map.copyOf(names);
	}

	/**
	 * The names of {@code ouroboros.names}, checked.
	 * @throws InvalidConfigurationPropertyValueException naming the property of a bad value
	 */
	static Map<String, NameOptions> fromProperties(Map<String, OuroborosProperties.Name> properties) {
		Map<String, NameOptions> names = new LinkedHashMap<>();
		properties.forEach((name, settings) -> {
			String prefix = "ouroboros.names." + name;
			SecurityPaths server = security(settings.getServer());
			SecurityPaths client = security(settings.getClient());
			try {
				NameOptions options = new NameOptions(settings.isCreate(), settings.getLayers(),
						settings.getLoadBalancing(), server, client);
				options.requireReadableFiles();
				names.put(name, options);
			}
			catch (IllegalArgumentException | NullPointerException ex) {
				throw new InvalidConfigurationPropertyValueException(prefix, name, ex.getMessage());
			}
		});
		return names;
	}

	private static SecurityPaths security(OuroborosProperties.Security security) {
		return new SecurityPaths(security.getEncryption(), security.getKey(), security.getCertificate());
	}

	/** The names and their options. */
	public Map<String, NameOptions> getNames() {
		return this.names;
	}

	@Override
	public void start() {
		this.lock.lock();
		try {
			if (this.running) {
				return;
			}
			for (Map.Entry<String, NameOptions> entry : this.names.entrySet()) {
				try {
					this.ouroboros.bind(entry.getKey(), entry.getValue());
				}
				catch (FlowException | IllegalArgumentException ex) {
					unbindAll();
					throw new IllegalStateException("Binding the name '" + entry.getKey() + "' (ouroboros.names."
							+ entry.getKey() + ") failed: " + ex.getMessage(), ex);
				}
				this.bound.add(entry.getKey());
			}
			this.running = true;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void stop() {
		this.lock.lock();
		try {
			this.running = false;
			unbindAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	private void unbindAll() {
		for (String name : this.bound) {
			if (this.ouroboros.isClosed()) {
				break;
			}
			try {
				this.ouroboros.unbind(name);
			}
			catch (FlowException ex) {
				logger.warn("Unbinding '" + name + "' failed: " + ex.getMessage());
			}
		}
		this.bound.clear();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
