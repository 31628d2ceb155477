package rocks.ouroboros.benchmarks;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import rocks.ouroboros.embedded.EmbeddedLayer;
import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowException;
import rocks.ouroboros.flow.FlowFlag;
import rocks.ouroboros.flow.Ouroboros;

/**
 * The embedded layer's packets per second, one way and round trip, against the same work done
 * with a plain {@link ArrayBlockingQueue} of the embedded ring's capacity (1024) in the same run.
 * <p>
 * One way: a background thread writes packets as fast as the flow takes them; the benchmark
 * thread reads them ({@value #BATCH} per invocation). The queue reference hands over a copy of
 * the packet per put, as a flow must, and the taker copies it into its buffer, as a read does.
 * Round trip: the benchmark thread writes a packet and reads the echo a background thread sends
 * back. Both ends use direct buffers that are reused.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EmbeddedFlowBenchmark {

	static final int BATCH = 1000;

	private static final int RING = EmbeddedLayer.DEFAULT_RING_CAPACITY;

	// ---------------------------------------------------------------- one way

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public long oneWayEmbedded(FlowStream stream) {
		long bytes = 0;
		ByteBuffer buffer = stream.readBuffer;
		for (int i = 0; i < BATCH; i++) {
			buffer.clear();
			bytes += stream.reader.read(buffer);
		}
		return bytes;
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public long oneWayArrayBlockingQueue(QueueStream stream) throws InterruptedException {
		long bytes = 0;
		byte[] buffer = stream.readBuffer;
		for (int i = 0; i < BATCH; i++) {
			byte[] packet = stream.queue.take();
			System.arraycopy(packet, 0, buffer, 0, packet.length);
			bytes += packet.length;
		}
		return bytes;
	}

	// ---------------------------------------------------------------- round trip

	@Benchmark
	public int roundTripEmbedded(FlowEcho echo) {
		return echo.flow.requestReply();
	}

	@Benchmark
	public int roundTripArrayBlockingQueue(QueueEcho echo) throws InterruptedException {
		echo.requests.put(echo.payload.clone());
		byte[] reply = echo.replies.take();
		System.arraycopy(reply, 0, echo.readBuffer, 0, reply.length);
		return reply.length;
	}

	// ---------------------------------------------------------------- states

	/** A flow on an isolated layer with a thread writing into it without pause. */
	@State(Scope.Benchmark)
	public static class FlowStream {

		@Param({ "64", "1400" })
		int size;

		EmbeddedLayer layer;

		Flow reader;

		ByteBuffer readBuffer;

		private Thread writer;

		private volatile boolean running = true;

		@Setup(Level.Trial)
		public void open() throws InterruptedException {
			this.layer = EmbeddedLayer.create();
			Flow[] pair = Pairs.connect(this.layer);
			Flow writing = pair[0];
			this.reader = pair[1];
			this.readBuffer = ByteBuffer.allocateDirect(this.size);
			ByteBuffer packet = ByteBuffer.allocateDirect(this.size);
			this.writer = Pairs.daemon("one-way-writer", () -> {
				try {
					while (this.running) {
						packet.clear();
						writing.write(packet);
					}
				}
				catch (FlowException ex) {
					// closed at tear-down
				}
			});
		}

		@TearDown(Level.Trial)
		public void close() throws InterruptedException {
			this.running = false;
			this.layer.close();
			this.writer.join(5000);
		}

	}

	/** The reference: a queue with a thread putting copies of a packet into it without pause. */
	@State(Scope.Benchmark)
	public static class QueueStream {

		@Param({ "64", "1400" })
		int size;

		ArrayBlockingQueue<byte[]> queue;

		byte[] readBuffer;

		private Thread writer;

		private volatile boolean running = true;

		@Setup(Level.Trial)
		public void open() {
			this.queue = new ArrayBlockingQueue<>(RING);
			this.readBuffer = new byte[this.size];
			byte[] payload = new byte[this.size];
			this.writer = Pairs.daemon("one-way-putter", () -> {
				try {
					while (this.running) {
						this.queue.put(payload.clone());
					}
				}
				catch (InterruptedException ex) {
					// tear-down
				}
			});
		}

		@TearDown(Level.Trial)
		public void close() throws InterruptedException {
			this.running = false;
			this.writer.interrupt();
			this.writer.join(5000);
		}

	}

	/** A flow whose far end echoes every packet. */
	@State(Scope.Benchmark)
	public static class FlowEcho {

		@Param({ "64", "1400" })
		int size;

		EchoedFlow flow;

		@Setup(Level.Trial)
		public void open() throws InterruptedException {
			this.flow = new EchoedFlow(this.size);
		}

		@TearDown(Level.Trial)
		public void close() throws InterruptedException {
			this.flow.close();
		}

	}

	/** The reference: two queues and a thread moving every packet from one to the other. */
	@State(Scope.Benchmark)
	public static class QueueEcho {

		@Param({ "64", "1400" })
		int size;

		ArrayBlockingQueue<byte[]> requests;

		ArrayBlockingQueue<byte[]> replies;

		byte[] payload;

		byte[] readBuffer;

		private Thread echo;

		@Setup(Level.Trial)
		public void open() {
			this.requests = new ArrayBlockingQueue<>(RING);
			this.replies = new ArrayBlockingQueue<>(RING);
			this.payload = new byte[this.size];
			this.readBuffer = new byte[this.size];
			this.echo = Pairs.daemon("queue-echo", () -> {
				try {
					while (true) {
						this.replies.put(this.requests.take());
					}
				}
				catch (InterruptedException ex) {
					// tear-down
				}
			});
		}

		@TearDown(Level.Trial)
		public void close() throws InterruptedException {
			this.echo.interrupt();
			this.echo.join(5000);
		}

	}

	/** Making flow pairs and helper threads. */
	static final class Pairs {

		private Pairs() {
		}

		/** A client end and a server end of a new flow on {@code layer}. */
		static Flow[] connect(EmbeddedLayer layer) throws InterruptedException {
			Ouroboros server = layer.newProcess("bench-server");
			Ouroboros client = layer.newProcess("bench-client");
			server.bind("bench");
			Flow[] accepted = new Flow[1];
			Thread acceptor = new Thread(() -> accepted[0] = server.accept(Duration.ofSeconds(10)), "accept");
			acceptor.start();
			Flow flow = client.alloc("bench");
			acceptor.join();
			// buffers are exactly one packet: without READ_NO_PARTIAL a read that fills the buffer is
			// followed by a read that returns 0 (upstream's partial-read rule)
			for (Flow end : new Flow[] { flow, accepted[0] }) {
				end.setFlags(EnumSet.of(FlowFlag.READ_WRITE, FlowFlag.READ_NO_PARTIAL));
			}
			return new Flow[] { flow, accepted[0] };
		}

		/** A daemon thread that writes back every packet of {@code server} until it is closed. */
		static Thread echo(Flow server, int size) {
			ByteBuffer buffer = ByteBuffer.allocateDirect(size);
			return daemon("echo", () -> {
				try {
					while (true) {
						buffer.clear();
						server.read(buffer);
						buffer.flip();
						server.write(buffer);
					}
				}
				catch (FlowException ex) {
					// closed at tear-down
				}
			});
		}

		static Thread daemon(String name, Runnable body) {
			Thread thread = new Thread(body, name);
			thread.setDaemon(true);
			thread.start();
			return thread;
		}

	}

}
