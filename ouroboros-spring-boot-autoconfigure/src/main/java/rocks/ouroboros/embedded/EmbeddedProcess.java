package rocks.ouroboros.embedded;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import rocks.ouroboros.flow.BackendKind;
import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowEventQueue;
import rocks.ouroboros.flow.FlowException;
import rocks.ouroboros.flow.FlowRole;
import rocks.ouroboros.flow.FlowSet;
import rocks.ouroboros.flow.FlowTimeoutException;
import rocks.ouroboros.flow.NameOptions;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.OuroborosUnavailableException;
import rocks.ouroboros.flow.QosSpec;

/** A process on the embedded layer: its descriptors, its pending allocs and its flows. */
final class EmbeddedProcess extends Ouroboros {

	/** Flow sets a process may make: upstream has 32 and keeps one for itself. */
	static final int MAX_FLOW_SETS = 31;

	private final EmbeddedLayer layer;

	private final String program;

	private final DescriptorTable descriptors;

	private final ReentrantLock acceptLock = new ReentrantLock();

	private final Condition requestArrived = this.acceptLock.newCondition();

	private final ArrayDeque<AllocRequest> pending = new ArrayDeque<>();

	private int waitingAcceptors;

	private volatile boolean crashed;

	EmbeddedProcess(EmbeddedLayer layer, String program) {
		this.layer = layer;
		this.program = program;
		this.descriptors = new DescriptorTable(layer.maxFlowsPerProcess() + DescriptorTable.FIRST);
	}

	EmbeddedLayer layer() {
		return this.layer;
	}

	String program() {
		return this.program;
	}

	boolean crashed() {
		return this.crashed;
	}

	@Override
	public BackendKind backend() {
		return BackendKind.EMBEDDED;
	}

	@Override
	public String version() {
		return EmbeddedLayer.MIRRORED_VERSION;
	}

	// ---------------------------------------------------------------- alloc

	@Override
	protected Flow doAlloc(String name, QosSpec qos, @Nullable Duration timeout) {
		EmbeddedProcess server = this.layer.pickServer(name);
		int id = this.descriptors.allocate();
		AllocRequest request = new AllocRequest(this, id, name, qos);
		try {
			server.enqueue(request);
			long nanos = (timeout != null) ? EmbeddedFlow.saturatedNanos(timeout)
					: EmbeddedFlow.saturatedNanos(this.layer.allocTimeout());
			try {
				return request.await(nanos);
			}
			catch (TimeoutException ex) {
				if (request.withdraw()) {
					server.forget(request);
					throw new FlowTimeoutException("no process accepted a flow to '" + name + "' within "
							+ (timeout != null ? timeout : this.layer.allocTimeout())
							+ ": is the server running and calling accept?");
				}
				return request.awaitClaimed();
			}
		}
		catch (RuntimeException ex) {
			// no flow holds the descriptor: the request was withdrawn, refused or failed
			this.descriptors.release(id);
			throw ex;
		}
	}

	private void enqueue(AllocRequest request) {
		this.acceptLock.lock();
		try {
			if (isClosed()) {
				throw new FlowException("the process serving '" + request.name + "' is closing; try again", -1003);
			}
			this.pending.add(request);
			this.requestArrived.signal();
		}
		finally {
			this.acceptLock.unlock();
		}
	}

	/** Drops a request its client withdrew, so that a server that never accepts does not pile them up. */
	private void forget(AllocRequest request) {
		this.acceptLock.lock();
		try {
			this.pending.remove(request);
		}
		finally {
			this.acceptLock.unlock();
		}
	}

	/** Whether an accept is waiting now: allocs prefer such processes. */
	boolean isAccepting() {
		this.acceptLock.lock();
		try {
			return this.waitingAcceptors > this.pending.size();
		}
		finally {
			this.acceptLock.unlock();
		}
	}

	// ---------------------------------------------------------------- accept

	@Override
	protected Flow doAccept(@Nullable Duration timeout) {
		AllocRequest request = takeRequest(timeout);
		EmbeddedFlow server;
		try {
			server = new EmbeddedFlow(this, this.descriptors.allocate(), request.name, FlowRole.SERVER, request.qos,
					null);
		}
		catch (FlowException ex) {
			request.fail(new FlowException("the process serving '" + request.name
					+ "' has no descriptor left: " + ex.getMessage(), -1003));
			throw ex;
		}
		EmbeddedFlow client = new EmbeddedFlow(request.client, request.clientId, request.name, FlowRole.CLIENT,
				request.qos, null);
		EmbeddedFlow.connect(client, server);
		request.complete(client);
		return server;
	}

	private AllocRequest takeRequest(@Nullable Duration timeout) {
		long nanos = (timeout != null) ? EmbeddedFlow.saturatedNanos(timeout) : Long.MAX_VALUE;
		this.acceptLock.lock();
		try {
			this.waitingAcceptors++;
			while (true) {
				AllocRequest request;
				while ((request = this.pending.poll()) != null) {
					if (request.claim()) {
						return request;
					}
				}
				checkOpen();
				if (nanos <= 0) {
					throw new FlowTimeoutException("no flow was allocated to " + boundNames() + " within " + timeout);
				}
				nanos = this.requestArrived.awaitNanos(nanos);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new FlowTimeoutException("accept interrupted");
		}
		finally {
			this.waitingAcceptors--;
			this.acceptLock.unlock();
		}
	}

	// ---------------------------------------------------------------- join

	@Override
	protected Flow doJoin(String layer, QosSpec qos, @Nullable Duration timeout) {
		BroadcastGroup group = this.layer.broadcastGroup(layer);
		EmbeddedFlow flow = new EmbeddedFlow(this, this.descriptors.allocate(), layer, FlowRole.BROADCAST, qos, group);
		group.join(flow);
		return flow;
	}

	// ---------------------------------------------------------------- names, sets

	@Override
	protected void doBind(String name, NameOptions options) {
		this.layer.bind(name, this);
	}

	@Override
	protected void doUnbind(String name) {
		this.layer.unbind(name, this);
		failPending(r -> r.name.equals(name), "the server unbound '%s' before accepting; try again");
	}

	@Override
	protected FlowSet doNewFlowSet() {
		if (openFlowSetCount() >= MAX_FLOW_SETS) {
			throw new FlowException("this process has " + MAX_FLOW_SETS
					+ " flow sets, the most Ouroboros allows: close one or put more flows in one set", -12);
		}
		return new EmbeddedFlowSet(this);
	}

	@Override
	protected FlowEventQueue doNewEventQueue() {
		return new EmbeddedEventQueue(this);
	}

	// ---------------------------------------------------------------- close

	@Override
	protected void doClose() {
		failPending(r -> true, "the process serving '%s' closed before accepting");
		this.acceptLock.lock();
		try {
			this.requestArrived.signalAll();
		}
		finally {
			this.acceptLock.unlock();
		}
		this.layer.closed(this);
	}

	private void failPending(java.util.function.Predicate<AllocRequest> which, String message) {
		List<AllocRequest> failed = new ArrayList<>();
		this.acceptLock.lock();
		try {
			this.pending.removeIf(r -> which.test(r) && failed.add(r));
		}
		finally {
			this.acceptLock.unlock();
		}
		for (AllocRequest request : failed) {
			if (request.claim()) {
				request.fail(new FlowException(String.format(message, request.name), -1003));
			}
		}
	}

	/** The process dies without deallocating: peers learn of it only by their peer timeout. */
	void crash() {
		this.crashed = true;
		for (Flow flow : openFlows()) {
			EmbeddedFlow peer = ((EmbeddedFlow) flow).peer();
			if (peer != null) {
				this.layer.schedulePeerTimeout(peer);
			}
		}
		close();
	}

	void released(EmbeddedFlow flow) {
		this.descriptors.release(flow.id());
	}

	int descriptorsInUse() {
		return this.descriptors.inUse();
	}

	@Override
	public String toString() {
		return "EmbeddedProcess[" + this.program + ", flows=" + openFlows().size() + "]";
	}

}
