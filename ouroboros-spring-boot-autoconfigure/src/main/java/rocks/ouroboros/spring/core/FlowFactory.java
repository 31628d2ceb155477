package rocks.ouroboros.spring.core;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowFlag;
import rocks.ouroboros.flow.Names;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.QosSpec;

/**
 * Allocates flows to one destination with the same QoS, timeouts and flags each time: the client
 * side of a service, configured once (for instance under {@code ouroboros.flows.<id>}) and
 * injected where flows are needed. The caller owns every flow {@link #allocate()} returns and
 * must close it; {@link FlowTemplate} does that for you.
 */
public final class FlowFactory {

	private final Ouroboros ouroboros;

	private final String destination;

	private final QosSpec qos;

	private final @Nullable Duration allocTimeout;

	private final @Nullable Duration readTimeout;

	private final @Nullable Duration writeTimeout;

	private final Set<FlowFlag> flags;

	/**
	 * @param ouroboros the process that allocates the flows
	 * @param destination the name to allocate flows to
	 * @param qos what each flow asks of the layers
	 * @param allocTimeout how long an alloc waits for an accept; {@code null} as long as Ouroboros lets it
	 * @param readTimeout read timeout set on each flow; {@code null} for none
	 * @param writeTimeout write timeout set on each flow; {@code null} for none
	 * @param flags flags set on each flow; empty to keep upstream's defaults
	 */
	public FlowFactory(Ouroboros ouroboros, String destination, QosSpec qos, @Nullable Duration allocTimeout,
			@Nullable Duration readTimeout, @Nullable Duration writeTimeout, Set<FlowFlag> flags) {
		this.ouroboros = Objects.requireNonNull(ouroboros, "ouroboros");
		this.destination = Names.requireValid(destination, "destination");
		this.qos = Objects.requireNonNull(qos, "qos");
		this.allocTimeout = Names.requireValidTimeout(allocTimeout, "alloc timeout");
		this.readTimeout = Names.requireValidTimeout(readTimeout, "read timeout");
		this.writeTimeout = Names.requireValidTimeout(writeTimeout, "write timeout");
		Objects.requireNonNull(flags, "flags");
		long modes = flags.stream().filter(FlowFlag::isAccessMode).count();
		if (modes > 1) {
			throw new IllegalArgumentException("flags " + flags + " hold " + modes
					+ " access modes; give at most one of READ_ONLY, WRITE_ONLY, READ_WRITE");
		}
		this.flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
	}

	/** A factory with QoS {@link QosSpec#RAW}, no timeouts beyond upstream's, and default flags. */
	public static FlowFactory of(Ouroboros ouroboros, String destination) {
		return new FlowFactory(ouroboros, destination, QosSpec.RAW, null, null, null, Set.of());
	}

	/**
	 * Allocates a new flow to the destination and applies the timeouts and flags; the caller must
	 * close it.
	 * @throws rocks.ouroboros.flow.UnknownNameException when no layer knows the destination
	 * @throws rocks.ouroboros.flow.FlowTimeoutException when nobody accepted within the alloc timeout
	 */
	public Flow allocate() {
		Flow flow = this.ouroboros.alloc(this.destination, this.qos, this.allocTimeout);
		try {
			if (this.readTimeout != null) {
				flow.setReadTimeout(this.readTimeout);
			}
			if (this.writeTimeout != null) {
				flow.setWriteTimeout(this.writeTimeout);
			}
			if (!this.flags.isEmpty()) {
				flow.setFlags(this.flags);
			}
			return flow;
		}
		catch (RuntimeException ex) {
			flow.close();
			throw ex;
		}
	}

	/** The process that allocates the flows. */
	public Ouroboros ouroboros() {
		return this.ouroboros;
	}

	/** The name flows are allocated to. */
	public String destination() {
		return this.destination;
	}

	/** The QoS of each flow. */
	public QosSpec qos() {
		return this.qos;
	}

	/** How long an alloc waits; {@code null} as long as Ouroboros lets it. */
	public @Nullable Duration allocTimeout() {
		return this.allocTimeout;
	}

	/** The read timeout of each flow; {@code null} for none. */
	public @Nullable Duration readTimeout() {
		return this.readTimeout;
	}

	/** The write timeout of each flow; {@code null} for none. */
	public @Nullable Duration writeTimeout() {
		return this.writeTimeout;
	}

	/** The flags set on each flow; empty for upstream's defaults. */
	public Set<FlowFlag> flags() {
		return this.flags;
	}

	@Override
	public String toString() {
		return "FlowFactory[destination=" + this.destination + ", qos=" + this.qos + "]";
	}

}
