package rocks.ouroboros.spring.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import rocks.ouroboros.spring.listener.OuroborosListenerContainerFactory;

/** Applies {@code ouroboros.listener.*} to a container factory, failing on bad values with the property's name. */
final class ListenerSettings {

	private ListenerSettings() {
	}

	static void apply(OuroborosProperties.Listener listener, OuroborosListenerContainerFactory factory) {
		if (listener.getConcurrency() < 1) {
			throw new InvalidConfigurationPropertyValueException("ouroboros.listener.concurrency",
					listener.getConcurrency(), "It must be at least 1");
		}
		factory.setConcurrency(listener.getConcurrency());
		Duration idle = listener.getIdleTimeout();
		if (idle != null && (idle.isNegative() || idle.isZero())) {
			throw new InvalidConfigurationPropertyValueException("ouroboros.listener.idle-timeout", idle,
					"It must be positive; leave it unset to keep flows until the peer leaves");
		}
		factory.setIdleTimeout(idle);
		Duration shutdown = listener.getShutdownTimeout();
		if (shutdown.isNegative()) {
			throw new InvalidConfigurationPropertyValueException("ouroboros.listener.shutdown-timeout", shutdown,
					"It must not be negative");
		}
		factory.setShutdownTimeout(shutdown);
	}

}
