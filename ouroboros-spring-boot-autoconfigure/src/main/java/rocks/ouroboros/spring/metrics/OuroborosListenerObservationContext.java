package rocks.ouroboros.spring.metrics;

import java.util.Objects;

import io.micrometer.observation.transport.ReceiverContext;

import rocks.ouroboros.spring.listener.ListenerInvocation;

/**
 * The context of one listener call: the invocation, for conventions to read. A receiver context,
 * so that tracers make consumer spans; Ouroboros packets carry no headers to propagate a trace in.
 */
public class OuroborosListenerObservationContext extends ReceiverContext<ListenerInvocation> {

	private final ListenerInvocation invocation;

	public OuroborosListenerObservationContext(ListenerInvocation invocation) {
		super((carrier, key) -> null);
		this.invocation = Objects.requireNonNull(invocation, "invocation");
		setCarrier(invocation);
		setRemoteServiceName(invocation.name());
	}

	/** The call being observed. */
	public ListenerInvocation getInvocation() {
		return this.invocation;
	}

}
