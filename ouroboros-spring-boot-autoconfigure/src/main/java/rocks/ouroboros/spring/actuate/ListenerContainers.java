package rocks.ouroboros.spring.actuate;

import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

import org.springframework.beans.factory.ObjectProvider;

import rocks.ouroboros.spring.listener.OuroborosListenerContainer;
import rocks.ouroboros.spring.listener.OuroborosListenerEndpointRegistry;

/** The listener containers of the registry bean, or none when there is no registry. */
final class ListenerContainers implements Supplier<Collection<OuroborosListenerContainer>> {

	private final ObjectProvider<OuroborosListenerEndpointRegistry> registry;

	ListenerContainers(ObjectProvider<OuroborosListenerEndpointRegistry> registry) {
		this.registry = registry;
	}

	@Override
	public Collection<OuroborosListenerContainer> get() {
		OuroborosListenerEndpointRegistry endpoints = this.registry.getIfAvailable();
		return (endpoints != null) ? endpoints.getListenerContainers() : List.of();
	}

}
