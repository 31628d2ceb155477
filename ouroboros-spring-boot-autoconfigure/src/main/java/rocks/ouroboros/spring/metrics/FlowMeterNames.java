package rocks.ouroboros.spring.metrics;

import java.util.Locale;

import rocks.ouroboros.flow.FlowRole;

/**
 * Names, units and tag keys of the flow meters; {@code docs/metrics.md} describes each meter.
 * Every meter name has one fixed set of tag keys.
 */
public final class FlowMeterNames {

	/** Gauge: flows open now, tagged {@link #NAME}, {@link #ROLE}. */
	public static final String FLOWS_OPEN = "ouroboros.flows.open";

	/** Counter: flows allocated (client) or joined (broadcast), tagged {@link #NAME}, {@link #ROLE}, {@link #QOS}. */
	public static final String FLOWS_ALLOCATED = "ouroboros.flows.allocated";

	/** Counter: flows accepted, tagged {@link #NAME}, {@link #ROLE}, {@link #QOS}. */
	public static final String FLOWS_ACCEPTED = "ouroboros.flows.accepted";

	/**
	 * Counter: allocs, accepts and joins that failed, tagged {@link #NAME}, {@link #ROLE},
	 * {@link #EXCEPTION}; an accept that timed out is not counted (listeners accept in slices).
	 */
	public static final String FLOWS_FAILED = "ouroboros.flows.failed";

	/** Gauge: packets received and not yet read, summed over the open flows of a tag set. */
	public static final String RX_QUEUE = "ouroboros.flow.rx.queue";

	/** Gauge: packets written and not yet taken by the peer, summed over the open flows of a tag set. */
	public static final String TX_QUEUE = "ouroboros.flow.tx.queue";

	/** Counter: reads (a packet read in parts counts once per read, the closing 0-byte read included). */
	public static final String PACKETS_READ = "ouroboros.flow.packets.read";

	/** Counter: packets written. */
	public static final String PACKETS_WRITTEN = "ouroboros.flow.packets.written";

	/** Counter: bytes read. */
	public static final String BYTES_READ = "ouroboros.flow.bytes.read";

	/** Counter: bytes written. */
	public static final String BYTES_WRITTEN = "ouroboros.flow.bytes.written";

	/** Tag: the name allocated to, the layer joined, or the name accepted on ({@value #UNKNOWN_NAME} when unknown). */
	public static final String NAME = "name";

	/** Tag: {@code client}, {@code server} or {@code broadcast}. */
	public static final String ROLE = "role";

	/** Tag: the QoS profile or preset name, or {@code custom} (see {@link QosProfileNames}). */
	public static final String QOS = "qos";

	/** Tag: the simple name of the exception a failed alloc, accept or join threw. */
	public static final String EXCEPTION = "exception";

	/** The {@link #NAME} of a flow whose name is not known, such as a failed accept. */
	public static final String UNKNOWN_NAME = "*";

	/** Base unit of flow counts. */
	public static final String UNIT_FLOWS = "flows";

	/** Base unit of packet counts. */
	public static final String UNIT_PACKETS = "packets";

	/** Base unit of byte counts. */
	public static final String UNIT_BYTES = "bytes";

	private FlowMeterNames() {
	}

	/** The {@link #NAME} tag value of a flow name. */
	public static String name(String flowName) {
		return flowName.isEmpty() ? UNKNOWN_NAME : flowName;
	}

	/** The {@link #ROLE} tag value of a role: its name in lower case. */
	public static String role(FlowRole role) {
		return role.name().toLowerCase(Locale.ROOT);
	}

}
