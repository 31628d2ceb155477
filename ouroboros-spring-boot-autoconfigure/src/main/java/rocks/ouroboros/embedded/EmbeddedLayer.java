package rocks.ouroboros.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import rocks.ouroboros.flow.Names;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.UnknownNameException;

/**
 * An in-JVM Ouroboros layer with the semantics of an upstream local layer: processes bind names
 * and accept flows, allocs wait for an accept, packets travel in bounded rings, broadcast layers
 * reach every member but the writer, and peers that die are found by their QoS peer timeout.
 * <p>
 * {@link #shared()} is the layer of this JVM, which {@link Ouroboros#embedded()} uses; tests make
 * isolated layers with {@link #create()} or {@link #builder()} and close them when done.
 */
public final class EmbeddedLayer implements AutoCloseable {

	/** The upstream version whose local layer this one mirrors. */
	public static final String MIRRORED_VERSION = "0.23.0";

	/** The largest packet a root process could write on upstream 0.23.0, in bytes. */
	public static final int DEFAULT_MAX_PACKET_SIZE = 1_048_260;

	/** Packets in each receive ring, as upstream. */
	public static final int DEFAULT_RING_CAPACITY = 1024;

	/** Flows one process may hold: descriptors 64 to 4095. */
	public static final int DEFAULT_MAX_FLOWS = 4096 - 64;

	/** How long an alloc without a timeout waits for an accept, as the IRM daemon bounds it. */
	public static final Duration DEFAULT_ALLOC_TIMEOUT = Duration.ofSeconds(20);

	private static final AtomicInteger layers = new AtomicInteger();

	private static volatile @Nullable EmbeddedLayer shared;

	private final String name;

	private final int maxPacketSize;

	private final int ringCapacity;

	private final int maxFlowsPerProcess;

	private final Duration allocTimeout;

	private final Map<String, List<EmbeddedProcess>> bound = new ConcurrentHashMap<>();

	private final Map<String, BroadcastGroup> broadcastGroups = new ConcurrentHashMap<>();

	private final Set<EmbeddedProcess> processes = ConcurrentHashMap.newKeySet();

	private final AtomicInteger roundRobin = new AtomicInteger();

	private volatile @Nullable ScheduledThreadPoolExecutor timer;

	private volatile boolean closed;

	private EmbeddedLayer(Builder builder) {
		this.name = builder.name;
		this.maxPacketSize = builder.maxPacketSize;
		this.ringCapacity = builder.ringCapacity;
		this.maxFlowsPerProcess = builder.maxFlowsPerProcess;
		this.allocTimeout = builder.allocTimeout;
	}

	/** The layer of this JVM, made on first use. */
	public static EmbeddedLayer shared() {
		EmbeddedLayer layer = shared;
		if (layer == null) {
			synchronized (EmbeddedLayer.class) {
				layer = shared;
				if (layer == null) {
					layer = builder().name("shared").build();
					shared = layer;
				}
			}
		}
		return layer;
	}

	/** A new, isolated layer with upstream's limits. */
	public static EmbeddedLayer create() {
		return builder().build();
	}

	/** A builder for an isolated layer with other limits. */
	public static Builder builder() {
		return new Builder();
	}

	/** A new process on this layer. */
	public Ouroboros newProcess() {
		return newProcess("java");
	}

	/**
	 * A new process on this layer.
	 * @param program the program name it announces, as a process shows its {@code argv[0]}
	 */
	public Ouroboros newProcess(String program) {
		Names.requireValid(program, "program");
		if (this.closed) {
			throw new IllegalStateException("embedded layer '" + this.name + "' is closed");
		}
		EmbeddedProcess process = new EmbeddedProcess(this, program);
		this.processes.add(process);
		return process;
	}

	/**
	 * Makes a broadcast layer that processes can {@link Ouroboros#join(String) join}; making one
	 * that exists does nothing.
	 */
	public void createBroadcastLayer(String layer) {
		Names.requireValid(layer, "layer");
		this.broadcastGroups.computeIfAbsent(layer, BroadcastGroup::new);
	}

	/**
	 * Kills a process of this layer as a crash would: its flows end without a dealloc, and each
	 * peer learns of it only when its QoS peer timeout runs out (a {@code PEER} event, and reads
	 * that fail with {@link rocks.ouroboros.flow.FlowPeerTimeoutException}).
	 */
	public void crash(Ouroboros process) {
		Objects.requireNonNull(process, "process");
		if (!(process instanceof EmbeddedProcess embedded) || embedded.layer() != this) {
			throw new IllegalArgumentException(process + " is not a process of this layer");
		}
		embedded.crash();
	}

	/** The names bound now, with how many processes serve each. */
	public Map<String, Integer> boundNames() {
		Map<String, Integer> names = new java.util.TreeMap<>();
		this.bound.forEach((n, list) -> {
			if (!list.isEmpty()) {
				names.put(n, list.size());
			}
		});
		return names;
	}

	/** The processes of this layer that are not closed. */
	public int processCount() {
		return this.processes.size();
	}

	/** Closes every process of this layer and its timer. */
	@Override
	public void close() {
		this.closed = true;
		for (EmbeddedProcess process : new ArrayList<>(this.processes)) {
			process.close();
		}
		ScheduledThreadPoolExecutor timer = this.timer;
		if (timer != null) {
			timer.shutdownNow();
		}
	}

	@Override
	public String toString() {
		return "EmbeddedLayer[" + this.name + ", processes=" + this.processes.size() + "]";
	}

	// ---------------------------------------------------------------- for processes

	int maxPacketSize() {
		return this.maxPacketSize;
	}

	int ringCapacity() {
		return this.ringCapacity;
	}

	int maxFlowsPerProcess() {
		return this.maxFlowsPerProcess;
	}

	Duration allocTimeout() {
		return this.allocTimeout;
	}

	void bind(String name, EmbeddedProcess process) {
		this.bound.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(process);
	}

	void unbind(String name, EmbeddedProcess process) {
		List<EmbeddedProcess> list = this.bound.get(name);
		if (list != null) {
			list.remove(process);
		}
	}

	/** A process bound to {@code name}: one with an accept waiting if any, taking turns. */
	EmbeddedProcess pickServer(String name) {
		List<EmbeddedProcess> candidates = this.bound.get(name);
		if (candidates == null || candidates.isEmpty()) {
			throw new UnknownNameException(name, "No process is bound to '" + name
					+ "' on this embedded layer: start the server and bind it to the name (check the spelling)");
		}
		int size = candidates.size();
		int start = Math.floorMod(this.roundRobin.getAndIncrement(), size);
		EmbeddedProcess fallback = null;
		for (int i = 0; i < size; i++) {
			EmbeddedProcess candidate;
			try {
				candidate = candidates.get((start + i) % size);
			}
			catch (IndexOutOfBoundsException ex) {
				break;
			}
			if (candidate.isAccepting()) {
				return candidate;
			}
			if (fallback == null) {
				fallback = candidate;
			}
		}
		if (fallback == null) {
			return pickServer(name);
		}
		return fallback;
	}

	BroadcastGroup broadcastGroup(String layer) {
		BroadcastGroup group = this.broadcastGroups.get(layer);
		if (group == null) {
			throw new UnknownNameException(layer, "No broadcast layer '" + layer
					+ "' on this embedded layer: create it with EmbeddedLayer.createBroadcastLayer(\"" + layer
					+ "\") (check the spelling)");
		}
		return group;
	}

	void closed(EmbeddedProcess process) {
		this.processes.remove(process);
		this.bound.values().forEach(list -> list.remove(process));
	}

	void schedulePeerTimeout(EmbeddedFlow survivor) {
		long millis = survivor.qosSpec().timeoutMillis();
		if (millis == 0) {
			return;
		}
		timer().schedule(survivor::peerTimedOut, millis, TimeUnit.MILLISECONDS);
	}

	private ScheduledThreadPoolExecutor timer() {
		ScheduledThreadPoolExecutor timer = this.timer;
		if (timer == null) {
			synchronized (this) {
				timer = this.timer;
				if (timer == null) {
					timer = new ScheduledThreadPoolExecutor(1, runnable -> {
						Thread thread = new Thread(runnable, "ouroboros-embedded-" + this.name + "-timer");
						thread.setDaemon(true);
						return thread;
					});
					timer.setRemoveOnCancelPolicy(true);
					this.timer = timer;
				}
			}
		}
		return timer;
	}

	/** Limits of an isolated layer; every value defaults to upstream's. */
	public static final class Builder {

		private String name = "embedded-" + layers.incrementAndGet();

		private int maxPacketSize = DEFAULT_MAX_PACKET_SIZE;

		private int ringCapacity = DEFAULT_RING_CAPACITY;

		private int maxFlowsPerProcess = DEFAULT_MAX_FLOWS;

		private Duration allocTimeout = DEFAULT_ALLOC_TIMEOUT;

		private Builder() {
		}

		/** A name for logs and thread names. */
		public Builder name(String name) {
			this.name = Names.requireValid(name, "name");
			return this;
		}

		/** The largest packet in bytes (default {@value EmbeddedLayer#DEFAULT_MAX_PACKET_SIZE}). */
		public Builder maxPacketSize(int maxPacketSize) {
			this.maxPacketSize = positive("maxPacketSize", maxPacketSize);
			return this;
		}

		/** Packets each receive ring holds (default {@value EmbeddedLayer#DEFAULT_RING_CAPACITY}). */
		public Builder ringCapacity(int ringCapacity) {
			this.ringCapacity = positive("ringCapacity", ringCapacity);
			return this;
		}

		/** Flows each process may hold (default {@value EmbeddedLayer#DEFAULT_MAX_FLOWS}). */
		public Builder maxFlowsPerProcess(int maxFlows) {
			this.maxFlowsPerProcess = positive("maxFlowsPerProcess", maxFlows);
			return this;
		}

		/** How long an alloc without a timeout waits for an accept (default 20 s). */
		public Builder allocTimeout(Duration allocTimeout) {
			Objects.requireNonNull(allocTimeout, "allocTimeout");
			if (allocTimeout.isNegative() || allocTimeout.isZero()) {
				throw new IllegalArgumentException("allocTimeout must be positive, was " + allocTimeout);
			}
			this.allocTimeout = allocTimeout;
			return this;
		}

		private static int positive(String what, int value) {
			if (value <= 0) {
				throw new IllegalArgumentException(what + " must be positive, was " + value);
			}
			return value;
		}

		public EmbeddedLayer build() {
			return new EmbeddedLayer(this);
		}

	}

}
