package rocks.ouroboros.benchmarks;

import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
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
 * the same through libouroboros-dev directly (see {@code benchmarks/run-flowcall.sh}): an empty
 * non-blocking read, the write and read of a ready packet with {@code window} echo requests in
 * flight, and a busy-polled round trip, all on one flow to an echo server ({@code -p
 * name=...}; {@code flowcall -l} or any oping server). Direct buffers, reused; with {@code -prof gc} the allocation per operation shows.
 * Needs irmd and a server bound to the name; without them the setup fails saying so.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class NativeFlowCallBenchmark {

	@Benchmark
	public int emptyRead(Connection connection) {
		ByteBuffer in = connection.in;
		in.clear();
		return connection.flow.read(in);
	}

	@Benchmark
	public int writeRead(Connection connection) {
		connection.keepWindowInFlight();
		int n = connection.readSpin();
		connection.writeRequest();
		return n;
	}

	@Benchmark
	public int roundTrip(Connection connection) {
		connection.writeRequest();
		return connection.readSpin();
	}

	/** One flow to the echo server, non-blocking for reads, with two reused direct buffers. */
	@State(Scope.Benchmark)
	public static class Connection {

		@Param("oping")
		String name;

		@Param("64")
		int size;

		@Param("16")
		int window;

		Ouroboros ouroboros;

		Flow flow;

		final ByteBuffer out = ByteBuffer.allocateDirect(1500);

		final ByteBuffer in = ByteBuffer.allocateDirect(1500);

		private int id;

		private boolean windowInFlight;

		@Setup(Level.Trial)
		public void open() {
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
			this.flow.close();
			this.ouroboros.close();
		}

		/**
		 * Puts {@code window} requests in flight the first time, so that every later read of the
		 * write+read benchmark finds its reply ready; they stay in flight until the flow closes.
		 */
		void keepWindowInFlight() {
			if (!this.windowInFlight) {
				for (int i = 0; i < this.window; i++) {
					writeRequest();
				}
				this.windowInFlight = true;
			}
		}

		/** Writes an oping echo request (type 0, the id in network order). */
		void writeRequest() {
			ByteBuffer out = this.out;
			out.clear();
			out.putInt(0, 0);
			out.putInt(4, this.id++);
			out.limit(this.size);
			this.flow.write(out);
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

}
