package rocks.ouroboros.spring.metrics;

import java.util.Objects;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;

import rocks.ouroboros.spring.listener.ListenerInvocation;
import rocks.ouroboros.spring.listener.ListenerInvocationInterceptor;

/**
 * Observes each listener call as {@link OuroborosListenerObservation#LISTENER_OBSERVATION}: the
 * observation starts before the method and stops after it, with the exception it threw as error.
 * It runs first, so that other interceptors run inside the observation and its span.
 */
public class ObservingListenerInterceptor implements ListenerInvocationInterceptor, Ordered {

	/** The order of this interceptor: before every other. */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

	private final ObservationRegistry registry;

	private final @Nullable OuroborosListenerObservationConvention convention;

	/**
	 * @param registry where observations go
	 * @param convention a convention replacing the default one, or {@code null}
	 */
	public ObservingListenerInterceptor(ObservationRegistry registry,
			@Nullable OuroborosListenerObservationConvention convention) {
		this.registry = Objects.requireNonNull(registry, "registry");
		this.convention = convention;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public @Nullable Object intercept(ListenerInvocation invocation, Next next) throws Exception {
		return OuroborosListenerObservation.LISTENER_OBSERVATION
			.observation(this.convention, DefaultOuroborosListenerObservationConvention.INSTANCE,
					() -> new OuroborosListenerObservationContext(invocation), this.registry)
			.observeChecked(next::proceed);
	}

}
