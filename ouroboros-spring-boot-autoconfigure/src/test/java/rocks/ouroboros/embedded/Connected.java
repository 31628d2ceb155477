package rocks.ouroboros.embedded;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.QosSpec;

/** A client and a server process on an isolated layer, and the means to connect them. */
final class Connected implements AutoCloseable {

	final EmbeddedLayer layer = EmbeddedLayer.create();

	final Ouroboros server = this.layer.newProcess("server");

	final Ouroboros client = this.layer.newProcess("client");

	Connected(String name) {
		this.server.bind(name);
	}

	/** Allocates a flow to {@code name} and accepts it; returns {client end, server end}. */
	Flow[] connect(String name, QosSpec qos) {
		CompletableFuture<Flow> accepted = CompletableFuture.supplyAsync(() -> this.server.accept(Duration.ofSeconds(5)));
		Flow client = this.client.alloc(name, qos, Duration.ofSeconds(5));
		try {
			return new Flow[] { client, accepted.get(5, TimeUnit.SECONDS) };
		}
		catch (Exception ex) {
			throw new AssertionError("accept failed", ex);
		}
	}

	Flow[] connect(String name) {
		return connect(name, QosSpec.RAW);
	}

	@Override
	public void close() {
		this.layer.close();
	}

}
