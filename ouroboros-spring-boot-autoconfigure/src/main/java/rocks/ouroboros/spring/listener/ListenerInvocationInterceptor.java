package rocks.ouroboros.spring.listener;

import org.jspecify.annotations.Nullable;

/**
 * Wraps every call of a listener method: the seam for observations, tracing and metrics (for
 * instance a Micrometer {@code Observation} around {@code next.proceed()}). Interceptors are set
 * on the {@link OuroborosListenerContainerFactory}; the auto-configuration passes it every bean
 * of this type, in {@code @Order}. Runs on the handler thread.
 */
@FunctionalInterface
public interface ListenerInvocationInterceptor {

	/**
	 * Runs the invocation: call {@code next.proceed()} exactly once and return what it returns
	 * (the reply in packet mode, {@code null} in flow mode), or rethrow what it throws.
	 */
	@Nullable Object intercept(ListenerInvocation invocation, Next next) throws Exception;

	/** The rest of the chain, ending in the listener method. */
	@FunctionalInterface
	interface Next {

		/** Calls the next interceptor or the listener method. */
		@Nullable Object proceed() throws Exception;

	}

}
