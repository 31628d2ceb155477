package rocks.ouroboros.benchmarks;

import java.nio.ByteBuffer;
import java.time.Duration;
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

import org.springframework.context.ConfigurableApplicationContext;

import rocks.ouroboros.embedded.EmbeddedLayer;
import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowFlag;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.QosSpec;

/**
 * What the listener container adds to a request/reply on the embedded backend: the same client
 * loop (write a request, read the reply) against an {@code @OuroborosListener} that echoes it
 * ({@link EchoListenerApplication}: accept dispatcher, flow-set event loop, handler worker,
 * reply write) and against a plain thread echoing over the flow with blocking reads. The
 * difference of the two averages is the container's dispatch cost per request.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ListenerDispatchBenchmark {

	@Benchmark
	public int requestReplyThroughListener(ListenerEcho echo) {
		return EchoedFlow.requestReply(echo.client, echo.writeBuffer, echo.readBuffer, echo.size);
	}

	@Benchmark
	public int requestReplyOverPlainFlows(PlainEcho echo) {
		return echo.flow.requestReply();
	}

	/** A client flow to the echo listener of a Spring application on its own layer. */
	@State(Scope.Benchmark)
	public static class ListenerEcho {

		@Param({ "64" })
		int size;

		EmbeddedLayer layer;

		ConfigurableApplicationContext context;

		Flow client;

		ByteBuffer writeBuffer;

		ByteBuffer readBuffer;

		@Setup(Level.Trial)
		public void open() {
			this.layer = EmbeddedLayer.create();
			this.context = EchoListenerApplication.start(this.layer);
			Ouroboros process = this.layer.newProcess("bench-client");
			this.client = process.alloc(EchoListenerApplication.NAME, QosSpec.RAW, Duration.ofSeconds(10));
			this.client.setFlags(EnumSet.of(FlowFlag.READ_WRITE, FlowFlag.READ_NO_PARTIAL));
			this.writeBuffer = ByteBuffer.allocateDirect(this.size);
			this.readBuffer = ByteBuffer.allocateDirect(this.size);
		}

		@TearDown(Level.Trial)
		public void close() {
			this.client.close();
			this.context.close();
			this.layer.close();
		}

	}

	/**
	 * A client flow to a thread that reads each request and writes it back: the state of
	 * {@link EmbeddedFlowBenchmark#roundTripEmbedded} at the listener's packet size only.
	 */
	@State(Scope.Benchmark)
	public static class PlainEcho {

		@Param({ "64" })
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

}
