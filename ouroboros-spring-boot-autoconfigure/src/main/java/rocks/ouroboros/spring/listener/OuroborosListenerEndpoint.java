package rocks.ouroboros.spring.listener;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

import rocks.ouroboros.flow.Names;

/**
 * What a listener is: its id, the name it serves, the method it calls, and the settings that
 * override the container factory's. Made from {@link OuroborosListener} by the annotation bean
 * post processor, or by hand for
 * {@link OuroborosListenerEndpointRegistry#registerListenerContainer(OuroborosListenerEndpoint, OuroborosListenerContainerFactory)}.
 *
 * @param id the listener id, unique in the registry
 * @param name the name to serve
 * @param method the method to call
 * @param concurrency handler calls at once; {@code null} for the factory's
 * @param autoStartup start with the registry; {@code null} for yes
 * @param errorHandler the error handler; {@code null} for the factory's
 */
public record OuroborosListenerEndpoint(String id, String name, ListenerMethod method, @Nullable Integer concurrency,
		@Nullable Boolean autoStartup, @Nullable OuroborosListenerErrorHandler errorHandler) {

	public OuroborosListenerEndpoint {
		Objects.requireNonNull(id, "id");
		if (id.isBlank()) {
			throw new IllegalArgumentException("listener id must not be blank");
		}
		Names.requireValid(name, "listener name");
		Objects.requireNonNull(method, "method");
		if (concurrency != null && concurrency < 1) {
			throw new IllegalArgumentException("concurrency of listener '" + id + "' must be at least 1, was "
					+ concurrency);
		}
	}

	/** An endpoint with the factory's settings. */
	public static OuroborosListenerEndpoint of(String id, String name, ListenerMethod method) {
		return new OuroborosListenerEndpoint(id, name, method, null, null, null);
	}

}
