package rocks.ouroboros.benchmarks;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
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

import rocks.ouroboros.flow.BackendKind;
import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowFlag;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.jna.Availability;
import rocks.ouroboros.jna.NativeBackend;
import rocks.ouroboros.jna.NativeSettings;

/**
 * The native binding's cost per call, to set against {@code src/main/c/flowcall.c}, which does
 * the same through libouroboros-dev directly and times it the same way (see
 * {@code benchmarks/run-flowcall.sh}), all on one flow to the echo server {@code flowcall -l}
 * ({@code -p name=...}):
 * <ul>
 * <li>{@code emptyRead}: a non-blocking read with nothing queued;</li>
 * <li>{@code writeRead}: one read of a reply already queued in the receive ring plus one write of
 * a request, {@value #BATCH} of each per invocation. Before each invocation (untimed) the setup
 * waits until the server has queued the replies to the previous invocation's requests: the server
 * writes a byte to the FIFO {@code -p sync=...} after the reply to the last request of a batch,
 * so the wait makes no call on the flow and allocates nothing;</li>
 * <li>{@code roundTrip}: a write and a busy-polled read of its reply.</li>
 * </ul>
 * Every reply is checked (size, type, id): a lost or reordered packet, or a batch the server does
 * not answer within 5 s, fails the benchmark. Direct buffers, reused; with {@code -prof gc} the
 * allocation per operation shows. Needs irmd and the server bound to the name; without them the
 * setup fails saying so.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class NativeFlowCallBenchmark {

	/** Packets read and written per {@code writeRead} invocation; flowcall.c's BATCH must match. */
	public static final int BATCH = 32;

	static final int ECHO_REQUEST = 0;

	static final int ECHO_REPLY = 1;

	@Benchmark
	public int emptyRead(Connection connection) {
		ByteBuffer in = connection.in;
		in.clear();
		int n = connection.flow.read(in);
		if (n != -1) {
			throw new IllegalStateException("a read of an empty flow returned " + n + " instead of -1");
		}
		return n;
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public int writeRead(Batch batch) {
		Flow flow = batch.flow;
		ByteBuffer in = batch.in;
		int bytes = 0;
		for (int i = 0; i < BATCH; i++) {
			in.clear();
			int n = flow.read(in);
			batch.checkReply(n);
			bytes += n;
		}
		for (int i = 0; i < BATCH; i++) {
			batch.writeRequest(i == BATCH - 1);
		}
		return bytes;
	}

	@Benchmark
	public int roundTrip(Connection connection) {
		connection.writeRequest(false);
		int n = connection.readSpin();
		connection.checkReply(n);
		return n;
	}

	/** One flow to the echo server, non-blocking for reads, with two reused direct buffers. */
	@State(Scope.Benchmark)
	public static class Connection {

		@Param("oping")
		String name;

		@Param("64")
		int size;

		Ouroboros ouroboros;

		Flow flow;

		final ByteBuffer out = ByteBuffer.allocateDirect(1500);

		final ByteBuffer in = ByteBuffer.allocateDirect(1500);

		/** The id of the next request, and of the next reply expected. */
		private int requestId;

		private int replyId;

		/** This thread's allocated bytes and the request id when the iteration began. */
		private long iterationBytes;

		private int iterationRequests;

		@Setup(Level.Trial)
		public void open() {
			if (this.size < 12 || this.size > 1500) {
				throw new IllegalArgumentException("size must be 12..1500 bytes, was " + this.size);
			}
			Availability availability = NativeBackend.probe(NativeSettings.defaults());
			if (!availability.usable()) {
				throw new IllegalStateException("native Ouroboros is not usable here: " + availability.reason());
			}
			this.ouroboros = NativeBackend.open(NativeSettings.defaults());
			if (this.ouroboros.backend() != BackendKind.NATIVE) {
				throw new IllegalStateException("not the native backend: " + this.ouroboros);
			}
			this.flow = this.ouroboros.alloc(this.name);
			this.flow.setFlags(EnumSet.of(FlowFlag.READ_WRITE, FlowFlag.READ_NO_PARTIAL, FlowFlag.READ_NONBLOCK));
		}

		@TearDown(Level.Trial)
		public void close() {
			try {
				beforeClose();
			}
			finally {
				this.flow.close();
				this.ouroboros.close();
			}
		}

		@Setup(Level.Iteration)
		public void startIteration() {
			this.iterationBytes = allocatedBytes();
			this.iterationRequests = this.requestId;
		}

		/**
		 * Prints what the benchmark thread alone allocated per packet written in the iteration:
		 * {@code -prof gc} counts every thread of the JVM, so its figure per operation carries a
		 * constant background that grows with the time an operation takes.
		 */
		@TearDown(Level.Iteration)
		public void endIteration() {
			long bytes = allocatedBytes() - this.iterationBytes;
			int packets = this.requestId - this.iterationRequests;
			if (packets > 0) {
				System.out.printf("benchmark thread: %d bytes allocated for %d packets written and read, %.4f B/packet%n",
						bytes, packets, (double) bytes / packets);
			}
		}

		private static long allocatedBytes() {
			return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
		}

		/** Runs before the flow closes: packets left in a ring would leak from upstream's pool. */
		void beforeClose() {
		}

		/**
		 * Writes an oping echo request (type 0, the id in network order), with a mark at byte 8 on
		 * the last request of a batch.
		 */
		void writeRequest(boolean last) {
			ByteBuffer out = this.out;
			out.clear();
			out.putInt(0, ECHO_REQUEST);
			out.putInt(4, this.requestId++);
			out.putInt(8, last ? 1 : 0);
			out.limit(this.size);
			this.flow.write(out);
		}

		/** Checks that {@code n} bytes just read into {@link #in} are the next reply, whole. */
		void checkReply(int n) {
			ByteBuffer in = this.in;
			int id = this.replyId++;
			if (n != this.size || in.getInt(0) != ECHO_REPLY || in.getInt(4) != id) {
				throw new IllegalStateException((n < 0) ? "reply " + id + " was not queued (read returned -1)"
						: "reply " + id + ": " + n + " bytes of type " + in.getInt(0) + " for id " + in.getInt(4)
								+ ", expected " + this.size + " bytes of type " + ECHO_REPLY);
			}
		}

		/** Reads the next reply, polling. */
		int readSpin() {
			ByteBuffer in = this.in;
			int n;
			do {
				in.clear();
				n = this.flow.read(in);
			}
			while (n < 0);
			return n;
		}

	}

	/**
	 * A connection for {@code writeRead}: {@value #BATCH} requests in flight between invocations,
	 * and the FIFO on which {@code flowcall -l} says a batch is answered.
	 */
	@State(Scope.Benchmark)
	public static class Batch extends Connection {

		private static final long SYNC_WAIT = TimeUnit.SECONDS.toNanos(5);

		/** The FIFO given to {@code flowcall -l}; run-flowcall.sh makes it. */
		@Param("")
		String sync;

		private @Nullable FileInputStream batches;

		/** Before each invocation: the replies to the last batch are all queued; the first time, sends one. */
		@Setup(Level.Invocation)
		public void awaitBatch() throws IOException {
			FileInputStream batches = this.batches;
			if (batches == null) {
				batches = openSync();
				for (int i = 0; i < BATCH; i++) {
					writeRequest(i == BATCH - 1);
				}
			}
			long deadline = System.nanoTime() + SYNC_WAIT;
			while (batches.available() == 0) {
				if (System.nanoTime() - deadline > 0) {
					throw new IllegalStateException("no batch echoed within 5 s: the echo server stopped");
				}
				Thread.yield();
			}
			if (batches.read() < 0) {
				throw new IllegalStateException("the sync FIFO " + this.sync + " was closed");
			}
		}

		private FileInputStream openSync() throws IOException {
			if (this.sync.isEmpty()) {
				throw new IllegalStateException("writeRead needs -p sync=FIFO, the FIFO given to flowcall -l:"
						+ " run it with benchmarks/run-flowcall.sh");
			}
			// flowcall -l holds the FIFO open for writing, so this open does not block
			FileInputStream batches = new FileInputStream(this.sync);
			while (batches.available() > 0) {
				batches.read(); // a byte left by an earlier client
			}
			this.batches = batches;
			return batches;
		}

		@Override
		void beforeClose() {
			FileInputStream batches = this.batches;
			if (batches == null) {
				return;
			}
			try {
				awaitBatch();
				for (int i = 0; i < BATCH; i++) {
					this.in.clear();
					checkReply(this.flow.read(this.in));
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			finally {
				drain();
				try {
					batches.close();
				}
				catch (IOException ex) {
					// nothing left to tell
				}
			}
		}

		/** After a failed check: reads what the server still sends, so that no packet is left in the ring. */
		private void drain() {
			long quiet = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
			while (System.nanoTime() - quiet < 0) {
				this.in.clear();
				if (this.flow.read(this.in) >= 0) {
					quiet = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
				}
				else {
					Thread.yield();
				}
			}
		}

	}

}
