package rocks.ouroboros.benchmarks;

import java.nio.ByteBuffer;

import rocks.ouroboros.embedded.EmbeddedLayer;
import rocks.ouroboros.flow.Flow;

/**
 * A client flow on an embedded layer of its own whose far end a plain thread echoes, with reused
 * direct buffers of one packet: the request/reply that {@link EmbeddedFlowBenchmark} measures and
 * that {@link ListenerDispatchBenchmark} sets its listener against. The benchmarks' states hold
 * one, each with the packet sizes ({@code @Param}) it runs.
 */
final class EchoedFlow {

	final int size;

	final EmbeddedLayer layer;

	final Flow client;

	final ByteBuffer writeBuffer;

	final ByteBuffer readBuffer;

	private final Thread echo;

	EchoedFlow(int size) throws InterruptedException {
		this.size = size;
		this.layer = EmbeddedLayer.create();
		Flow[] pair = EmbeddedFlowBenchmark.Pairs.connect(this.layer);
		this.client = pair[0];
		Flow server = pair[1];
		this.writeBuffer = ByteBuffer.allocateDirect(size);
		this.readBuffer = ByteBuffer.allocateDirect(size);
		this.echo = EmbeddedFlowBenchmark.Pairs.echo(server, size);
	}

	/** Writes a request of {@code size} bytes from {@code out} and reads the reply into {@code in}. */
	static int requestReply(Flow client, ByteBuffer out, ByteBuffer in, int size) {
		out.clear().limit(size);
		client.write(out);
		in.clear();
		return client.read(in);
	}

	/** One request/reply with the echoing thread. */
	int requestReply() {
		return requestReply(this.client, this.writeBuffer, this.readBuffer, this.size);
	}

	/** Closes the layer, which ends the echoing thread, and waits for it. */
	void close() throws InterruptedException {
		this.layer.close();
		this.echo.join(5000);
	}

}
