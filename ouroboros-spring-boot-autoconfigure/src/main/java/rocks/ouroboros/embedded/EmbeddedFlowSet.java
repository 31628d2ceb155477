package rocks.ouroboros.embedded;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowEvent;
import rocks.ouroboros.flow.FlowEventQueue;
import rocks.ouroboros.flow.FlowEventType;
import rocks.ouroboros.flow.FlowSet;

/** A flow set of the embedded layer: the events its flows post, until a wait takes them. */
final class EmbeddedFlowSet extends FlowSet {

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition posted = this.lock.newCondition();

	private ArrayDeque<FlowEvent> events = new ArrayDeque<>();

	EmbeddedFlowSet(EmbeddedProcess owner) {
		super(owner);
	}

	void post(EmbeddedFlow flow, FlowEventType type) {
		this.lock.lock();
		try {
			if (flow.eventSet() == this) {
				this.events.add(new FlowEvent(flow, type));
				this.posted.signal();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	protected void doAdd(Flow flow) {
		EmbeddedFlow embedded = (EmbeddedFlow) flow;
		this.lock.lock();
		try {
			embedded.eventSet(this);
			for (int i = embedded.queuedPackets(); i > 0; i--) {
				this.events.add(new FlowEvent(flow, FlowEventType.PACKET));
			}
			if (!this.events.isEmpty()) {
				this.posted.signal();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	protected void doRemove(Flow flow) {
		this.lock.lock();
		try {
			((EmbeddedFlow) flow).eventSet(null);
			this.events.removeIf(event -> event.flow() == flow);
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	protected boolean doAwait(FlowEventQueue queue, @Nullable Duration timeout) {
		EmbeddedEventQueue target = (EmbeddedEventQueue) queue;
		long nanos = (timeout != null) ? EmbeddedFlow.saturatedNanos(timeout) : Long.MAX_VALUE;
		this.lock.lock();
		try {
			while (this.events.isEmpty()) {
				if (isClosed()) {
					return false;
				}
				if (nanos <= 0) {
					target.fill(new ArrayDeque<>());
					return false;
				}
				nanos = this.posted.awaitNanos(nanos);
			}
			ArrayDeque<FlowEvent> taken = this.events;
			this.events = target.fill(taken);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	protected void doClose() {
		this.lock.lock();
		try {
			this.events.clear();
			this.posted.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

}
