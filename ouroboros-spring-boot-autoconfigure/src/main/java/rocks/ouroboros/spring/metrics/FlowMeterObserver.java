package rocks.ouroboros.spring.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowException;
import rocks.ouroboros.flow.FlowNotAllocatedException;
import rocks.ouroboros.flow.FlowObserver;
import rocks.ouroboros.flow.FlowRole;
import rocks.ouroboros.flow.FlowTimeoutException;
import rocks.ouroboros.flow.FlowTracker;
import rocks.ouroboros.flow.QosSpec;

import static rocks.ouroboros.spring.metrics.FlowMeterNames.*;

/**
 * The flow meters of one registry. Gauges cannot be per flow, since the tags (name, role, QoS) do
 * not tell flows apart and a meter id can be registered once: flows are grouped by tag set instead.
 * <ul>
 * <li>{@value FlowMeterNames#RX_QUEUE} and {@value FlowMeterNames#TX_QUEUE} of a group sum the
 * queue lengths of its allocated flows. They are registered when the group's first flow opens and
 * removed when its last flow closes, so no queue gauge outlives the flows it reports.</li>
 * <li>{@value FlowMeterNames#FLOWS_OPEN} counts a (name, role) group's allocated flows. It stays
 * registered once seen: 0 open flows is a fact worth reporting, and names are few.</li>
 * </ul>
 * A flow that is closing but not yet released counts for nothing. Group changes hold a lock;
 * gauges read the groups' concurrent sets without it; packets touch only the flow's own counters.
 */
final class FlowMeterObserver implements FlowObserver {

	private final MeterRegistry registry;

	private final QosProfileNames qosNames;

	private final ReentrantLock lock = new ReentrantLock();

	private final Map<Tags, FlowGroup> queueGroups = new HashMap<>();

	private final Map<Tags, FlowGroup> openGroups = new HashMap<>();

	FlowMeterObserver(MeterRegistry registry, QosProfileNames qosNames) {
		this.registry = registry;
		this.qosNames = qosNames;
	}

	@Override
	public FlowTracker flowOpened(Flow flow) {
		QosSpec qos;
		try {
			qos = flow.qos();
		}
		catch (FlowNotAllocatedException ex) {
			return FlowTracker.NONE;
		}
		Tags nameAndRole = Tags.of(NAME, name(flow.name()), ROLE, role(flow.role()));
		Tags tags = nameAndRole.and(QOS, this.qosNames.nameOf(qos));
		Counter.builder((flow.role() == FlowRole.SERVER) ? FLOWS_ACCEPTED : FLOWS_ALLOCATED)
			.description((flow.role() == FlowRole.SERVER) ? "Flows accepted" : "Flows allocated or joined")
			.baseUnit(UNIT_FLOWS)
			.tags(tags)
			.register(this.registry)
			.increment();
		this.lock.lock();
		try {
			this.queueGroups.computeIfAbsent(tags, this::queueGroup).flows.add(flow);
			this.openGroups.computeIfAbsent(nameAndRole, this::openGroup).flows.add(flow);
		}
		finally {
			this.lock.unlock();
		}
		return new Tracker(flow, tags, nameAndRole);
	}

	/**
	 * Counts the failure, except an accept that timed out: listeners accept in slices, and an
	 * accept that saw no flow in its slice did not fail.
	 */
	@Override
	public void flowFailed(String name, FlowRole role, FlowException failure) {
		if (role == FlowRole.SERVER && failure instanceof FlowTimeoutException) {
			return;
		}
		Counter.builder(FLOWS_FAILED)
			.description("Allocs, accepts and joins that failed")
			.baseUnit(UNIT_FLOWS)
			.tags(NAME, name(name), ROLE, role(role), EXCEPTION, failure.getClass().getSimpleName())
			.register(this.registry)
			.increment();
	}

	private void flowClosed(Flow flow, Tags tags, Tags nameAndRole) {
		this.lock.lock();
		try {
			FlowGroup queues = this.queueGroups.get(tags);
			if (queues != null && queues.flows.remove(flow) && queues.flows.isEmpty()) {
				this.queueGroups.remove(tags);
				queues.meters.forEach(this.registry::remove);
			}
			FlowGroup open = this.openGroups.get(nameAndRole);
			if (open != null) {
				open.flows.remove(flow);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private FlowGroup queueGroup(Tags tags) {
		FlowGroup group = new FlowGroup();
		group.meters = List.of(
				Gauge.builder(RX_QUEUE, group, (g) -> g.queued(true))
					.description("Packets received and not yet read, over the open flows of the tag set")
					.baseUnit(UNIT_PACKETS)
					.tags(tags)
					.strongReference(true)
					.register(this.registry),
				Gauge.builder(TX_QUEUE, group, (g) -> g.queued(false))
					.description("Packets written and not yet taken by the peer, over the open flows of the tag set")
					.baseUnit(UNIT_PACKETS)
					.tags(tags)
					.strongReference(true)
					.register(this.registry));
		return group;
	}

	private FlowGroup openGroup(Tags nameAndRole) {
		FlowGroup group = new FlowGroup();
		group.meters = List.of(Gauge.builder(FLOWS_OPEN, group, FlowGroup::allocated)
			.description("Flows open now")
			.baseUnit(UNIT_FLOWS)
			.tags(nameAndRole)
			.strongReference(true)
			.register(this.registry));
		return group;
	}

	/** The flows of one tag set and the gauges that report them. */
	private static final class FlowGroup {

		final Set<Flow> flows = ConcurrentHashMap.newKeySet();

		List<Meter> meters = List.of();

		double allocated() {
			return this.flows.stream().filter(Flow::isAllocated).count();
		}

		double queued(boolean rx) {
			long sum = 0;
			for (Flow flow : this.flows) {
				try {
					sum += rx ? flow.rxQueueLength() : flow.txQueueLength();
				}
				catch (FlowNotAllocatedException ex) {
					// closed while we read: it reports nothing
				}
			}
			return sum;
		}

	}

	/** Counts one flow's packets and takes it out of its groups when it closes. */
	private final class Tracker implements FlowTracker {

		private final Flow flow;

		private final Tags tags;

		private final Tags nameAndRole;

		private final Counter packetsRead;

		private final Counter packetsWritten;

		private final Counter bytesRead;

		private final Counter bytesWritten;

		Tracker(Flow flow, Tags tags, Tags nameAndRole) {
			this.flow = flow;
			this.tags = tags;
			this.nameAndRole = nameAndRole;
			this.packetsRead = counter(PACKETS_READ, "Reads (a packet read in parts counts once per read)", UNIT_PACKETS);
			this.packetsWritten = counter(PACKETS_WRITTEN, "Packets written", UNIT_PACKETS);
			this.bytesRead = counter(BYTES_READ, "Bytes read", UNIT_BYTES);
			this.bytesWritten = counter(BYTES_WRITTEN, "Bytes written", UNIT_BYTES);
		}

		private Counter counter(String name, String description, String unit) {
			return Counter.builder(name)
				.description(description)
				.baseUnit(unit)
				.tags(this.tags)
				.register(FlowMeterObserver.this.registry);
		}

		@Override
		public void packetRead(int bytes) {
			this.packetsRead.increment();
			this.bytesRead.increment(bytes);
		}

		@Override
		public void packetWritten(int bytes) {
			this.packetsWritten.increment();
			this.bytesWritten.increment(bytes);
		}

		@Override
		public void flowClosed() {
			FlowMeterObserver.this.flowClosed(this.flow, this.tags, this.nameAndRole);
		}

	}

}
