package rocks.ouroboros.tools.perf;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowException;
import rocks.ouroboros.flow.FlowFlag;
import rocks.ouroboros.flow.FlowTimeoutException;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.tools.EndedFlows;

/**
 * The server of {@code operf}: reads each new flow's configuration packet (exactly
 * {@value PerfMessage#CONF_BYTES} bytes), then counts a one-way test's packets (a report line
 * per second where {@code operf} prints one per packet) or echoes an echo test's. A flow silent
 * for {@value #IDLE_MILLIS} ms is deallocated, as {@code operf}'s cleaner does.
 */
public final class PerfServer implements AutoCloseable {

	/** A flow silent this long is deallocated. */
	public static final long IDLE_MILLIS = 1000;

	private static final Duration ACCEPT_SLICE = Duration.ofMillis(500);

	private static final Duration READ_SLICE = Duration.ofMillis(100);

	private final Ouroboros ouroboros;

	private final PerfOptions options;

	private final PrintStream out;

	private final Set<Flow> flows = ConcurrentHashMap.newKeySet();

	private final List<Thread> threads = new CopyOnWriteArrayList<>();

	private final AtomicLong packets = new AtomicLong();

	private final EndedFlows ended = new EndedFlows();

	private final Thread acceptor;

	private volatile boolean stop;

	public PerfServer(Ouroboros ouroboros, PerfOptions options, PrintStream out) {
		this.ouroboros = ouroboros;
		this.options = options;
		this.out = out;
		this.acceptor = new Thread(this::acceptLoop, "operf-accept");
	}

	/** Binds the name and starts accepting. */
	public PerfServer start() {
		this.ouroboros.bind(this.options.serverName());
		this.out.println("Ouroboros perf server started.");
		this.acceptor.start();
		return this;
	}

	/** Data packets received (counted when a flow reports or ends). */
	public long packets() {
		return this.packets.get();
	}

	/** The flows that ended (timed out, or deallocated by the client). */
	public EndedFlows ended() {
		return this.ended;
	}

	/** Waits until the server is closed. */
	public void awaitTermination() throws InterruptedException {
		this.acceptor.join();
	}

	@Override
	public void close() {
		this.stop = true;
		for (Flow flow : this.flows) {
			flow.close();
		}
		join(this.acceptor);
		for (Thread thread : this.threads) {
			join(thread);
		}
		this.ouroboros.unbind(this.options.serverName());
	}

	private void acceptLoop() {
		while (!this.stop) {
			Flow flow;
			try {
				flow = this.ouroboros.accept(ACCEPT_SLICE);
			}
			catch (FlowTimeoutException ex) {
				continue;
			}
			catch (FlowException ex) {
				if (!this.stop && !this.ouroboros.isClosed()) {
					this.out.println("Failed to accept flow.");
					continue;
				}
				return;
			}
			this.out.printf(Locale.ROOT, "New flow %d.%n", flow.id());
			this.flows.add(flow);
			Thread thread = new Thread(() -> handle(flow), "operf-flow-" + flow.id());
			thread.setDaemon(true);
			this.threads.add(thread);
			thread.start();
		}
	}

	private void handle(Flow flow) {
		ByteBuffer buffer = ByteBuffer.allocateDirect(PerfMessage.MAX_SIZE);
		try {
			flow.setReadTimeout(Duration.ofSeconds(2));
			int n;
			try {
				n = flow.read(buffer);
			}
			catch (FlowTimeoutException ex) {
				this.out.println("Failed to read config message.");
				return;
			}
			if (n != PerfMessage.CONF_BYTES) {
				this.out.println("Invalid config message.");
				return;
			}
			boolean bi = PerfMessage.testType(buffer) == PerfMessage.TEST_BI;
			this.out.println(bi ? "Doing a bidirectional test." : "Doing a unidirectional test.");
			serve(flow, buffer, bi);
		}
		catch (FlowException ex) {
			// the peer deallocated, or the server is closing
		}
		finally {
			this.flows.remove(flow);
			flow.close();
			this.ended.add();
		}
	}

	private void serve(Flow flow, ByteBuffer buffer, boolean bi) {
		flow.setFlags(EnumSet.of(FlowFlag.READ_WRITE, FlowFlag.READ_NO_PARTIAL));
		flow.setReadTimeout(READ_SLICE);
		long last = System.nanoTime();
		long intervalStart = last;
		long packets = 0;
		long bytes = 0;
		long reported = 0;
		long reportedBytes = 0;
		try {
			while (!this.stop) {
				buffer.clear();
				int n;
				try {
					n = flow.read(buffer);
				}
				catch (FlowTimeoutException ex) {
					n = -1;
				}
				long now = System.nanoTime();
				if (n >= 0) {
					last = now;
					packets++;
					bytes += n;
					if (bi) {
						buffer.flip();
						flow.write(buffer);
					}
				}
				else if (now - last > IDLE_MILLIS * 1_000_000L) {
					this.out.printf(Locale.ROOT, "Flow %d timed out.%n", flow.id());
					return;
				}
				if (!bi && now - intervalStart >= 1_000_000_000L) {
					report(flow, packets - reported, bytes - reportedBytes, now - intervalStart);
					reported = packets;
					reportedBytes = bytes;
					intervalStart = now;
				}
			}
		}
		finally {
			if (bi) {
				this.packets.addAndGet(packets);
			}
			else if (packets > reported) {
				report(flow, packets - reported, bytes - reportedBytes, System.nanoTime() - intervalStart);
			}
		}
	}

	private void report(Flow flow, long packets, long bytes, long nanos) {
		double us = Math.max(1, nanos / 1000);
		this.out.printf(Locale.ROOT, "Flow %4d: %9d packets (%12d bytes) in %9d ms => %9.4f pps, %9.4f Mbps%n",
				flow.id(), packets, bytes, (long) us / 1000, packets / us * 1e6, 8 * bytes / us);
		this.packets.addAndGet(packets);
	}

	private static void join(Thread thread) {
		if (thread.getState() == Thread.State.NEW) {
			return;
		}
		try {
			thread.join(5000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
