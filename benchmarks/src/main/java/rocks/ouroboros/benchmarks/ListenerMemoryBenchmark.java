package rocks.ouroboros.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.springframework.context.ConfigurableApplicationContext;

import rocks.ouroboros.embedded.EmbeddedLayer;
import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowFlag;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.QosSpec;
import rocks.ouroboros.spring.listener.OuroborosListenerContainer;
import rocks.ouroboros.spring.listener.OuroborosListenerEndpointRegistry;

/**
 * Heap and threads of many idle open flows on the embedded backend, in one JVM: first
 * {@code FLOWS} plain flow pairs (a client end and an accepted end, nothing reading), then
 * {@code FLOWS} client flows served by one {@code @OuroborosListener} ({@link EchoListenerApplication}),
 * each answered once before all sit idle. Heap is measured after a full GC with the flows open
 * and after they are closed. Both ends live in this JVM, so the listener's own cost per flow is
 * estimated as the listener pair less half a plain pair. Run it with a small heap:
 * <pre>
 * java -Xmx256m -cp benchmarks/target/benchmarks.jar rocks.ouroboros.benchmarks.ListenerMemoryBenchmark [FLOWS]
 * </pre>
 */
public final class ListenerMemoryBenchmark {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private ListenerMemoryBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int flows = (args.length > 0) ? Integer.parseInt(args[0]) : 4000;
		System.out.printf(Locale.ROOT, "%d flows, max heap %d MiB, Java %s%n", flows,
				Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"));
		double plain = plainPairs(flows);
		double listener = listenerFlows(flows);
		System.out.printf(Locale.ROOT, "plain flow pair (both ends):        %8.0f bytes per flow%n", plain);
		System.out.printf(Locale.ROOT, "listener flow pair (both ends):     %8.0f bytes per flow%n", listener);
		System.out.printf(Locale.ROOT, "listener end (pair less half plain): %7.0f bytes per flow (%.1f KiB; target <= 32 KiB)%n",
				listener - plain / 2, (listener - plain / 2) / 1024);
	}

	/** Heap per idle plain pair. */
	private static double plainPairs(int flows) throws Exception {
		try (EmbeddedLayer layer = EmbeddedLayer.create()) {
			Ouroboros server = layer.newProcess("bench-server");
			Ouroboros clients = layer.newProcess("bench-clients");
			server.bind("bench-plain");
			long before = usedHeapAfterGc();
			List<Flow> open = new ArrayList<>(flows * 2);
			for (int i = 0; i < flows; i++) {
				Thread acceptor = new Thread(() -> {
					synchronized (open) {
						open.add(server.accept(WAIT));
					}
				});
				acceptor.start();
				Flow client = clients.alloc("bench-plain", QosSpec.RAW, WAIT);
				acceptor.join();
				synchronized (open) {
					open.add(client);
				}
			}
			long held = usedHeapAfterGc();
			open.forEach(Flow::close);
			open.clear();
			long after = usedHeapAfterGc();
			double perFlow = (held - before) / (double) flows;
			System.out.printf(Locale.ROOT, "plain pairs: heap %s -> %s open -> %s closed%n", mib(before), mib(held), mib(after));
			return perFlow;
		}
	}

	/** Heap per idle client flow served by the listener, with the threads counted. */
	private static double listenerFlows(int flows) throws Exception {
		try (EmbeddedLayer layer = EmbeddedLayer.create()) {
			ConfigurableApplicationContext context = EchoListenerApplication.start(layer);
			try {
				OuroborosListenerContainer container = Objects.requireNonNull(
						context.getBean(OuroborosListenerEndpointRegistry.class).getListenerContainer("bench-echo"));
				Ouroboros clients = layer.newProcess("bench-clients");
				int threadsBefore = threads();
				long before = usedHeapAfterGc();
				List<Flow> open = new ArrayList<>(flows);
				ByteBuffer request = ByteBuffer.allocateDirect(64);
				ByteBuffer reply = ByteBuffer.allocateDirect(64);
				long started = System.nanoTime();
				int peakThreads = threadsBefore;
				for (int i = 0; i < flows; i++) {
					Flow flow = clients.alloc(EchoListenerApplication.NAME, QosSpec.RAW, WAIT);
					flow.setFlags(EnumSet.of(FlowFlag.READ_WRITE, FlowFlag.READ_NO_PARTIAL));
					flow.setReadTimeout(WAIT);
					open.add(flow);
					requestReply(flow, request, reply, i);
					if (i % 256 == 0) {
						peakThreads = Math.max(peakThreads, threads());
					}
				}
				long openMillis = (System.nanoTime() - started) / 1_000_000;
				int served = 0;
				for (int i = 0; i < flows; i++) {
					requestReply(open.get(i), request, reply, i);
					served++;
				}
				peakThreads = Math.max(peakThreads, threads());
				long held = usedHeapAfterGc();
				int threadsHeld = threads();
				System.out.printf(Locale.ROOT, "listener: %d flows opened and answered in %d ms, %d open in the container,"
						+ " %d answered again while all open, %d requests handled%n", flows, openMillis,
						container.getOpenFlowCount(), served, container.getHandledCount());
				System.out.printf(Locale.ROOT, "listener: heap %s -> %s with %d flows open; threads %d -> %d (peak %d)%n",
						mib(before), mib(held), flows, threadsBefore, threadsHeld, peakThreads);
				open.forEach(Flow::close);
				return (held - before) / (double) flows;
			}
			finally {
				context.close();
			}
		}
	}

	private static void requestReply(Flow flow, ByteBuffer request, ByteBuffer reply, int id) {
		request.clear();
		request.putInt(0, id);
		flow.write(request);
		reply.clear();
		int n = flow.read(reply);
		if (n != 64 || reply.getInt(0) != id) {
			throw new IllegalStateException("flow " + flow + " did not echo request " + id + ": read " + n + " bytes, "
					+ ((n >= 4) ? "id " + reply.getInt(0) : "no id"));
		}
	}

	private static int threads() {
		return ManagementFactory.getThreadMXBean().getThreadCount();
	}

	private static long usedHeapAfterGc() throws InterruptedException {
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 4; i++) {
			System.gc();
			Thread.sleep(100);
			used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
		}
		return used;
	}

	private static String mib(long bytes) {
		return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
	}

}
