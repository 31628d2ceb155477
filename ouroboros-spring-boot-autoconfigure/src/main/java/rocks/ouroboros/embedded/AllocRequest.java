package rocks.ouroboros.embedded;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import rocks.ouroboros.flow.FlowException;
import rocks.ouroboros.flow.QosSpec;

/**
 * A client's alloc waiting for an accept. Exactly one of the acceptor's claim and the client's
 * withdrawal (on timeout) wins, so a flow is never made for a client that gave up.
 */
final class AllocRequest {

	private static final int PENDING = 0;

	private static final int CLAIMED = 1;

	private static final int WITHDRAWN = 2;

	private final AtomicInteger state = new AtomicInteger(PENDING);

	private final CompletableFuture<EmbeddedFlow> result = new CompletableFuture<>();

	final EmbeddedProcess client;

	final int clientId;

	final String name;

	final QosSpec qos;

	AllocRequest(EmbeddedProcess client, int clientId, String name, QosSpec qos) {
		this.client = client;
		this.clientId = clientId;
		this.name = name;
		this.qos = qos;
	}

	/** The acceptor takes the request; false when the client withdrew it. */
	boolean claim() {
		return this.state.compareAndSet(PENDING, CLAIMED);
	}

	/** The client gives up; false when an acceptor claimed it first. */
	boolean withdraw() {
		return this.state.compareAndSet(PENDING, WITHDRAWN);
	}

	void complete(EmbeddedFlow flow) {
		this.result.complete(flow);
	}

	/** Fails a request its caller claimed. */
	void fail(FlowException failure) {
		this.result.completeExceptionally(failure);
	}

	/** The client's flow; {@link TimeoutException} when nothing came within {@code nanos}. */
	EmbeddedFlow await(long nanos) throws TimeoutException {
		try {
			return this.result.get(nanos, TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ex) {
			throw (FlowException) ex.getCause();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new FlowException("alloc to '" + this.name + "' interrupted");
		}
	}

	/** The client's flow once claimed: the acceptor completes it at once. */
	EmbeddedFlow awaitClaimed() {
		try {
			return this.result.join();
		}
		catch (java.util.concurrent.CompletionException ex) {
			throw (FlowException) ex.getCause();
		}
	}

}
