package rocks.ouroboros.tools.ping;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
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

/**
 * The server side of {@code oping}: binds the name, accepts flows and answers every echo request
 * with the same bytes, the type changed to {@link PingMessage#ECHO_REPLY}. Each flow has a
 * thread with a reused direct buffer; flows silent for {@value #IDLE_MILLIS} ms are deallocated,
 * as {@code oping}'s cleaner does. With {@code --busy} it serves one flow with a non-blocking
 * read in a busy loop and ends when that flow ends; with {@code --poll} every flow is read that
 * way.
 */
public final class PingServer implements AutoCloseable {

	/** A flow with no request for this long is deallocated. */
	public static final long IDLE_MILLIS = 10_000;

	private static final Duration ACCEPT_SLICE = Duration.ofMillis(500);

	private static final Duration READ_SLICE = Duration.ofMillis(100);

	private final Ouroboros ouroboros;

	private final PingOptions options;

	private final PrintStream out;

	private final Set<Flow> flows = ConcurrentHashMap.newKeySet();

	private final List<Thread> threads = new CopyOnWriteArrayList<>();

	private final AtomicLong echoed = new AtomicLong();

	private volatile boolean stop;

	private final Thread acceptor;

	/**
	 * @param ouroboros the process to serve from; the server binds it to the options' name
	 * @param options server options ({@code -l}, {@code -n}, {@code --busy}, {@code --poll},
	 * {@code -Q})
	 * @param out where {@code oping}'s server lines go
	 */
	public PingServer(Ouroboros ouroboros, PingOptions options, PrintStream out) {
		this.ouroboros = ouroboros;
		this.options = options;
		this.out = out;
		this.acceptor = new Thread(this::acceptLoop, "oping-accept");
	}

	/** Binds the name and starts accepting. */
	public PingServer start() {
		this.ouroboros.bind(this.options.serverName());
		this.out.println("Ouroboros ping server started." + (this.options.busy() ? " [busy-poll]" : ""));
		this.acceptor.start();
		return this;
	}

	/** Waits until the server ends: never, unless it is busy-polling one flow or was closed. */
	public void awaitTermination() throws InterruptedException {
		this.acceptor.join();
		for (Thread thread : this.threads) {
			thread.join();
		}
	}

	/** Echo replies written so far. */
	public long echoed() {
		return this.echoed.get();
	}

	/** Stops accepting, deallocates every flow and waits (boundedly) for the threads to end. */
	@Override
	public void close() {
		this.stop = true;
		for (Flow flow : this.flows) {
			flow.close();
		}
		joinBounded(this.acceptor);
		for (Thread thread : this.threads) {
			joinBounded(thread);
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
					this.out.println("Failed to accept flow: " + ex.getMessage());
					continue;
				}
				return;
			}
			this.flows.add(flow);
			if (this.options.busy()) {
				this.out.printf(Locale.ROOT, "New flow %d (busy-poll).%n", flow.id());
				serve(flow, true);
				return;
			}
			this.out.printf(Locale.ROOT, "New flow %d.%n", flow.id());
			Thread thread = new Thread(() -> serve(flow, this.options.poll()), "oping-flow-" + flow.id());
			thread.setDaemon(true);
			this.threads.add(thread);
			thread.start();
		}
	}

	private void serve(Flow flow, boolean spin) {
		ByteBuffer buffer = ByteBuffer.allocateDirect(PingMessage.MAX_SIZE);
		boolean quiet = this.options.quiet();
		try {
			if (spin) {
				flow.setFlags(EnumSet.of(FlowFlag.READ_WRITE, FlowFlag.READ_NO_PARTIAL, FlowFlag.READ_NONBLOCK));
			}
			else {
				flow.setFlags(EnumSet.of(FlowFlag.READ_WRITE, FlowFlag.READ_NO_PARTIAL));
				flow.setReadTimeout(READ_SLICE);
			}
			long lastRequest = System.nanoTime();
			while (!this.stop) {
				buffer.clear();
				int n;
				try {
					n = flow.read(buffer);
				}
				catch (FlowTimeoutException ex) {
					n = -1;
				}
				if (n < 0) {
					if (System.nanoTime() - lastRequest > IDLE_MILLIS * 1_000_000L) {
						this.out.printf(Locale.ROOT, "Flow %d timed out.%n", flow.id());
						return;
					}
					if (spin) {
						Thread.onSpinWait();
					}
					continue;
				}
				lastRequest = System.nanoTime();
				if (!quiet) {
					this.out.printf(Locale.ROOT, "Received %d bytes on fd %d.%n", n, flow.id());
				}
				if (n < PingMessage.HEADER_BYTES || PingMessage.type(buffer) != PingMessage.ECHO_REQUEST) {
					this.out.printf(Locale.ROOT, "Invalid message on fd %d.%n", flow.id());
					continue;
				}
				PingMessage.setType(buffer, PingMessage.ECHO_REPLY);
				buffer.flip();
				try {
					flow.write(buffer);
					this.echoed.incrementAndGet();
				}
				catch (FlowException ex) {
					this.out.printf(Locale.ROOT, "Error writing to flow (fd %d).%n", flow.id());
				}
			}
		}
		catch (FlowException ex) {
			// the peer deallocated, timed out, or the server is closing
		}
		finally {
			this.flows.remove(flow);
			flow.close();
		}
	}

	private static void joinBounded(Thread thread) {
		if (thread == Thread.currentThread() || thread.getState() == Thread.State.NEW) {
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
