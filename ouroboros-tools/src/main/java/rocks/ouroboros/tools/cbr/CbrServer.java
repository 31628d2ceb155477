package rocks.ouroboros.tools.cbr;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowException;
import rocks.ouroboros.flow.FlowFlag;
import rocks.ouroboros.flow.FlowTimeoutException;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.tools.EndedFlows;

/**
 * The receiver of {@code ocbr}: binds the name, accepts up to {@value #MAX_FLOWS} flows at once,
 * counts what arrives on each and prints {@code ocbr}'s report line every interval; a flow
 * silent for the timeout is reported and deallocated. Each flow has a thread and a reused
 * direct buffer.
 */
public final class CbrServer implements AutoCloseable {

	/** {@code THREADS_SIZE}: flows served at once. */
	public static final int MAX_FLOWS = 10;

	private static final Duration ACCEPT_SLICE = Duration.ofMillis(500);

	private static final Duration READ_SLICE = Duration.ofMillis(100);

	private final Ouroboros ouroboros;

	private final CbrOptions options;

	private final PrintStream out;

	private final Semaphore slots = new Semaphore(MAX_FLOWS);

	private final Set<Flow> flows = ConcurrentHashMap.newKeySet();

	private final List<Thread> threads = new CopyOnWriteArrayList<>();

	private final AtomicLong packets = new AtomicLong();

	private final AtomicLong bytes = new AtomicLong();

	private final EndedFlows ended = new EndedFlows();

	private final Thread acceptor;

	private volatile boolean stop;

	public CbrServer(Ouroboros ouroboros, CbrOptions options, PrintStream out) {
		this.ouroboros = ouroboros;
		this.options = options;
		this.out = out;
		this.acceptor = new Thread(this::acceptLoop, "ocbr-accept");
	}

	/** Binds the name and starts accepting. */
	public CbrServer start() {
		this.ouroboros.bind(this.options.serverName());
		this.out.printf(Locale.ROOT, "Server started, interval is %d s, timeout is %d s.%n",
				this.options.reportSeconds(), this.options.timeoutSeconds());
		this.acceptor.start();
		return this;
	}

	/** Packets received on flows that ended, and on running flows up to their last report. */
	public long packets() {
		return this.packets.get();
	}

	/** Bytes received, counted as {@link #packets()}. */
	public long bytes() {
		return this.bytes.get();
	}

	/** The flows that ended (timed out, or deallocated by the sender). */
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
			if (!this.slots.tryAcquire()) {
				this.out.println("Can't accept any more flows, waiting.");
				try {
					this.slots.acquire();
				}
				catch (InterruptedException ex) {
					return;
				}
			}
			Flow flow;
			try {
				flow = this.ouroboros.accept(ACCEPT_SLICE);
			}
			catch (FlowTimeoutException ex) {
				this.slots.release();
				continue;
			}
			catch (FlowException ex) {
				this.slots.release();
				if (!this.stop && !this.ouroboros.isClosed()) {
					this.out.println("Failed to accept flow.");
					continue;
				}
				return;
			}
			this.out.println("New flow.");
			this.flows.add(flow);
			Thread thread = new Thread(() -> handle(flow), "ocbr-flow-" + flow.id());
			thread.setDaemon(true);
			this.threads.add(thread);
			thread.start();
		}
	}

	private void handle(Flow flow) {
		ByteBuffer buffer = ByteBuffer.allocateDirect(CbrOptions.MAX_SIZE);
		long intervalNanos = this.options.reportSeconds() * 1_000_000_000L;
		long timeoutNanos = this.options.timeoutSeconds() * 1_000_000_000L;
		long packets = 0;
		long bytes = 0;
		long reportedPackets = 0;
		long reportedBytes = 0;
		try {
			// as ocbr: a packet as large as the buffer is one packet, not one followed by an empty read
			flow.setFlags(EnumSet.of(FlowFlag.READ_WRITE, FlowFlag.READ_NO_PARTIAL));
			flow.setReadTimeout(READ_SLICE);
			long intervalStart = System.nanoTime();
			long alive = intervalStart;
			boolean done = false;
			while (!done) {
				long now = System.nanoTime();
				buffer.clear();
				int count;
				try {
					count = flow.read(buffer);
				}
				catch (FlowTimeoutException ex) {
					count = -1;
				}
				catch (FlowException ex) {
					count = -1;
					done = true;
				}
				if (count > 0) {
					alive = System.nanoTime();
					packets++;
					bytes += count;
				}
				if (now - alive > timeoutNanos) {
					this.out.printf(Locale.ROOT, "Test on flow %d timed out%n", flow.id());
					done = true;
				}
				done |= this.stop;
				if (done || now - intervalStart > intervalNanos) {
					long us = Math.max(1, (now - intervalStart) / 1000);
					long p = packets - reportedPackets;
					long b = bytes - reportedBytes;
					this.out.printf(Locale.ROOT, "Flow %4d: %9d packets (%12d bytes) in %9d ms => %9.4f pps, %9.4f Mbps%n",
							flow.id(), p, b, us / 1000, p / (double) us * 1_000_000, 8 * (b / (double) us));
					this.packets.addAndGet(p);
					this.bytes.addAndGet(b);
					reportedPackets = packets;
					reportedBytes = bytes;
					intervalStart += intervalNanos;
				}
			}
		}
		finally {
			this.flows.remove(flow);
			flow.close();
			this.ended.add();
			this.slots.release();
		}
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
