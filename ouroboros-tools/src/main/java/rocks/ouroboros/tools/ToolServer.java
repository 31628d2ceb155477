package rocks.ouroboros.tools;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;

import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowException;
import rocks.ouroboros.flow.FlowTimeoutException;
import rocks.ouroboros.flow.Ouroboros;

/**
 * What the servers of {@code oping}, {@code operf} and {@code ocbr} share: bind the name, accept
 * in {@value #ACCEPT_SLICE_MILLIS} ms slices on one thread so that a close is seen, serve each
 * flow on a daemon thread of its own (or, when {@link #serveOnAcceptor} says so, on the accept
 * thread, which then ends), deallocate the flow when its handler returns and count it as ended.
 * {@link #close()} stops accepting, deallocates every open flow (which wakes their readers),
 * waits a bounded time for the threads and unbinds.
 *
 * @param <S> the server's own type, which {@link #start()} returns
 */
public abstract class ToolServer<S extends ToolServer<S>> implements AutoCloseable {

	/** How long one accept call waits before the loop looks at {@link #stopping()}. */
	public static final long ACCEPT_SLICE_MILLIS = 500;

	/** How long {@link #close()} waits for each thread. */
	private static final long JOIN_MILLIS = 5000;

	private final Ouroboros ouroboros;

	private final String name;

	private final String tool;

	/** The output the C tool's lines go to. */
	protected final PrintStream out;

	private final Semaphore slots;

	private final boolean limited;

	private final Set<Flow> flows = ConcurrentHashMap.newKeySet();

	private final List<Thread> threads = new CopyOnWriteArrayList<>();

	private final EndedFlows ended = new EndedFlows();

	private final Thread acceptor;

	private volatile boolean stop;

	/**
	 * @param ouroboros the process to serve from; {@link #start()} binds it to {@code name}
	 * @param name the name to serve
	 * @param tool the C tool's name, for thread names
	 * @param maxFlows flows served at once; the accept loop waits for a free slot beyond that
	 * @param out where the C tool's lines go
	 */
	protected ToolServer(Ouroboros ouroboros, String name, String tool, int maxFlows, PrintStream out) {
		this.ouroboros = ouroboros;
		this.name = name;
		this.tool = tool;
		this.out = out;
		this.slots = new Semaphore(maxFlows);
		this.limited = maxFlows < Integer.MAX_VALUE;
		this.acceptor = new Thread(this::acceptLoop, tool + "-accept");
	}

	/** Binds the name, prints the C tool's start line and starts accepting. */
	@SuppressWarnings("unchecked")
	public final S start() {
		this.ouroboros.bind(this.name);
		this.out.println(startedLine());
		this.acceptor.start();
		return (S) this;
	}

	/** The line the C tool prints when its server starts. */
	protected abstract String startedLine();

	/** The line the C tool prints for a new flow. */
	protected abstract String newFlowLine(Flow flow);

	/**
	 * Serves one accepted flow until it ends or {@link #stopping()}; the flow is deallocated and
	 * counted as ended after this returns or throws a {@link FlowException}.
	 */
	protected abstract void serve(Flow flow);

	/** Whether a flow is served on the accept thread, which ends with it (a busy-polled flow). */
	protected boolean serveOnAcceptor(Flow flow) {
		return false;
	}

	/**
	 * Reads the next packet of {@code flow} into {@code buffer}, cleared first, as a server's read
	 * loop does between looks at {@link #stopping()}.
	 * @return the packet's size, or -1 when none came within the flow's read timeout
	 */
	protected static int readSlice(Flow flow, ByteBuffer buffer) {
		buffer.clear();
		try {
			return flow.read(buffer);
		}
		catch (FlowTimeoutException ex) {
			return -1;
		}
	}

	/** Whether {@link #close()} was called. */
	protected final boolean stopping() {
		return this.stop;
	}

	/** The flows that ended: timed out, deallocated by the client, or closed by the server. */
	public final EndedFlows ended() {
		return this.ended;
	}

	/** Waits until the server ends: when it is closed, or when a flow served on the accept thread ends. */
	public final void awaitTermination() throws InterruptedException {
		this.acceptor.join();
		for (Thread thread : this.threads) {
			thread.join();
		}
	}

	/** Stops accepting, deallocates every flow, waits (boundedly) for the threads to end and unbinds. */
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
		this.ouroboros.unbind(this.name);
	}

	private void acceptLoop() {
		while (!this.stop) {
			if (!takeSlot()) {
				return;
			}
			Flow flow;
			try {
				flow = this.ouroboros.accept(Duration.ofMillis(ACCEPT_SLICE_MILLIS));
			}
			catch (FlowTimeoutException ex) {
				this.slots.release();
				continue;
			}
			catch (FlowException ex) {
				this.slots.release();
				if (!this.stop && !this.ouroboros.isClosed()) {
					this.out.println("Failed to accept flow: " + ex.getMessage());
					continue;
				}
				return;
			}
			this.flows.add(flow);
			this.out.println(newFlowLine(flow));
			if (serveOnAcceptor(flow)) {
				serveAndRelease(flow);
				return;
			}
			Thread thread = new Thread(() -> serveAndRelease(flow), this.tool + "-flow-" + flow.id());
			thread.setDaemon(true);
			this.threads.add(thread);
			thread.start();
		}
	}

	private boolean takeSlot() {
		if (this.slots.tryAcquire()) {
			return true;
		}
		if (this.limited) {
			this.out.println("Can't accept any more flows, waiting.");
		}
		try {
			this.slots.acquire();
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private void serveAndRelease(Flow flow) {
		try {
			serve(flow);
		}
		catch (FlowException ex) {
			// the peer deallocated or timed out, or the server is closing
		}
		finally {
			this.flows.remove(flow);
			flow.close();
			this.ended.add();
			this.slots.release();
		}
	}

	private static void joinBounded(Thread thread) {
		if (thread == Thread.currentThread() || thread.getState() == Thread.State.NEW) {
			return;
		}
		try {
			thread.join(JOIN_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
