package rocks.ouroboros.spring.listener;

import org.jspecify.annotations.Nullable;

import rocks.ouroboros.flow.Flow;

/**
 * One call of a listener method, as {@link ListenerInvocationInterceptor interceptors} and
 * {@link OuroborosListenerErrorHandler error handlers} see it.
 *
 * @param listenerId the id of the listener
 * @param name the name the listener serves
 * @param mode flow or packet mode
 * @param flow the flow the call is for
 * @param payload the packet in packet mode (do not change it); {@code null} in flow mode
 */
public record ListenerInvocation(String listenerId, String name, ListenerMode mode, Flow flow,
		byte @Nullable [] payload) {

	/** The size of the packet in packet mode, else -1. */
	public int payloadBytes() {
		byte[] payload = this.payload;
		return (payload != null) ? payload.length : -1;
	}

}
