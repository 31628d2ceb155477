package rocks.ouroboros.spring.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

import rocks.ouroboros.flow.FlowFlag;
import rocks.ouroboros.flow.LoadBalancing;
import rocks.ouroboros.flow.QosPreset;
import rocks.ouroboros.jna.NativeSettings;

/**
 * Configuration of Ouroboros under {@code ouroboros.*}.
 */
@ConfigurationProperties("ouroboros")
public class OuroborosProperties {

	/**
	 * Which backend serves the application: 'auto' uses the native one when it is usable and
	 * else the embedded one (with one WARN line saying why), 'native' fails start-up when the
	 * native backend is not usable, 'embedded' always uses the in-JVM layer.
	 */
	private Backend backend = Backend.AUTO;

	private final Native nativeBackend = new Native();

	private final Embedded embedded = new Embedded();

	/**
	 * Named QoS profiles: a preset and overrides of any of its fields; flows refer to them by name.
	 */
	private Map<String, Qos> qos = new LinkedHashMap<>();

	/**
	 * Named client flow factories: each becomes a FlowFactory bean '<id>FlowFactory' and a
	 * FlowTemplate bean '<id>FlowTemplate', both qualified '<id>'.
	 */
	private Map<String, FlowClient> flows = new LinkedHashMap<>();

	/**
	 * Names this process serves: bound at start-up (and created and registered in layers if
	 * asked), undone at shutdown.
	 */
	private Map<String, Name> names = new LinkedHashMap<>();

	private final Listener listener = new Listener();

	public Backend getBackend() {
		return this.backend;
	}

	public void setBackend(Backend backend) {
		this.backend = backend;
	}

	public Native getNative() {
		return this.nativeBackend;
	}

	public Embedded getEmbedded() {
		return this.embedded;
	}

	public Map<String, Qos> getQos() {
		return this.qos;
	}

	public void setQos(Map<String, Qos> qos) {
		this.qos = qos;
	}

	public Map<String, FlowClient> getFlows() {
		return this.flows;
	}

	public void setFlows(Map<String, FlowClient> flows) {
		this.flows = flows;
	}

	public Map<String, Name> getNames() {
		return this.names;
	}

	public void setNames(Map<String, Name> names) {
		this.names = names;
	}

	public Listener getListener() {
		return this.listener;
	}

	/** The backend choice. */
	public enum Backend {

		/** Native when usable, else embedded with one WARN line saying why. */
		AUTO,

		/** Native; start-up fails with the reason when it is not usable. */
		NATIVE,

		/** The in-JVM layer. */
		EMBEDDED

	}

	/** Where the native backend finds Ouroboros. */
	public static class Native {

		/**
		 * Directory holding libouroboros-dev.so and libouroboros-irm.so, searched before
		 * jna.library.path and the system paths.
		 */
		private @Nullable Path libraryDirectory;

		/** The IRM daemon's socket. */
		private Path irmSocket = NativeSettings.DEFAULT_IRM_SOCKET;

		/**
		 * Whether to come back after irmd died (killed, crashed) and was started again: every
		 * flow of the process is closed, libouroboros-dev is unloaded and loaded again once irmd
		 * answers, names are bound again and listeners resume. Off: the backend stays DOWN until
		 * the application restarts. A clean irmd exit SIGTERMs the application either way.
		 */
		private boolean reloadOnIrmdRestart;

		public @Nullable Path getLibraryDirectory() {
			return this.libraryDirectory;
		}

		public void setLibraryDirectory(@Nullable Path libraryDirectory) {
			this.libraryDirectory = libraryDirectory;
		}

		public Path getIrmSocket() {
			return this.irmSocket;
		}

		public void setIrmSocket(Path irmSocket) {
			this.irmSocket = irmSocket;
		}

		public boolean isReloadOnIrmdRestart() {
			return this.reloadOnIrmdRestart;
		}

		public void setReloadOnIrmdRestart(boolean reloadOnIrmdRestart) {
			this.reloadOnIrmdRestart = reloadOnIrmdRestart;
		}

	}

	/** The embedded backend. */
	public static class Embedded {

		/**
		 * Give this application context a private in-JVM layer instead of the JVM's shared one,
		 * so that contexts (tests, for instance) cannot reach each other's names.
		 */
		private boolean isolated;

		public boolean isIsolated() {
			return this.isolated;
		}

		public void setIsolated(boolean isolated) {
			this.isolated = isolated;
		}

	}

	/** A QoS profile: a preset, and any fields that differ from it. */
	public static class Qos {

		/** The preset the profile starts from. */
		private QosPreset preset = QosPreset.RAW;

		/** Largest tolerated delay (whole milliseconds; unset: the preset's). */
		private @Nullable Duration delay;

		/**
		 * Bandwidth to reserve: bits per second, with an optional unit 'bit', 'kbit', 'Mbit' or
		 * 'Gbit' (powers of 1000, '100kbit' is 100000 bit/s), or 'unlimited' for the whole link.
		 */
		private @Nullable String bandwidth;

		/** Availability as a class of nines, 0 to 255. */
		private @Nullable Integer availability;

		/** Whether packets may be lost: 0 retransmits (reliable with in-order), 1 tolerates loss. */
		private @Nullable Long loss;

		/** Tolerated bit error rate: 0 drops corrupt packets. */
		private @Nullable Long ber;

		/** Deliver in order: turns on FRCT, upstream's reliable transport. */
		private @Nullable Boolean inOrder;

		/** Largest gap between packets (whole milliseconds). */
		private @Nullable Duration maxGap;

		/** Peer timeout: the peer is presumed dead after this long without a packet (0: never). */
		private @Nullable Duration peerTimeout;

		public QosPreset getPreset() {
			return this.preset;
		}

		public void setPreset(QosPreset preset) {
			this.preset = preset;
		}

		public @Nullable Duration getDelay() {
			return this.delay;
		}

		public void setDelay(@Nullable Duration delay) {
			this.delay = delay;
		}

		public @Nullable String getBandwidth() {
			return this.bandwidth;
		}

		public void setBandwidth(@Nullable String bandwidth) {
			this.bandwidth = bandwidth;
		}

		public @Nullable Integer getAvailability() {
			return this.availability;
		}

		public void setAvailability(@Nullable Integer availability) {
			this.availability = availability;
		}

		public @Nullable Long getLoss() {
			return this.loss;
		}

		public void setLoss(@Nullable Long loss) {
			this.loss = loss;
		}

		public @Nullable Long getBer() {
			return this.ber;
		}

		public void setBer(@Nullable Long ber) {
			this.ber = ber;
		}

		public @Nullable Boolean getInOrder() {
			return this.inOrder;
		}

		public void setInOrder(@Nullable Boolean inOrder) {
			this.inOrder = inOrder;
		}

		public @Nullable Duration getMaxGap() {
			return this.maxGap;
		}

		public void setMaxGap(@Nullable Duration maxGap) {
			this.maxGap = maxGap;
		}

		public @Nullable Duration getPeerTimeout() {
			return this.peerTimeout;
		}

		public void setPeerTimeout(@Nullable Duration peerTimeout) {
			this.peerTimeout = peerTimeout;
		}

	}

	/** A client flow factory. */
	public static class FlowClient {

		/** The name to allocate flows to (required). */
		private @Nullable String destination;

		/** The QoS: the name of a profile under ouroboros.qos, or of a preset ('raw', 'data', ...). */
		private String qos = "raw";

		/** How long an alloc waits for an accept (unset: as long as Ouroboros lets it, about 20 s). */
		private @Nullable Duration allocTimeout;

		/** Read timeout of each flow (unset: none). */
		private @Nullable Duration readTimeout;

		/** Write timeout of each flow (unset: none). */
		private @Nullable Duration writeTimeout;

		/** Flags of each flow (unset: upstream's READ_WRITE and WRITE_NO_PARTIAL). */
		private Set<FlowFlag> flags = EnumSet.noneOf(FlowFlag.class);

		public @Nullable String getDestination() {
			return this.destination;
		}

		public void setDestination(@Nullable String destination) {
			this.destination = destination;
		}

		public String getQos() {
			return this.qos;
		}

		public void setQos(String qos) {
			this.qos = qos;
		}

		public @Nullable Duration getAllocTimeout() {
			return this.allocTimeout;
		}

		public void setAllocTimeout(@Nullable Duration allocTimeout) {
			this.allocTimeout = allocTimeout;
		}

		public @Nullable Duration getReadTimeout() {
			return this.readTimeout;
		}

		public void setReadTimeout(@Nullable Duration readTimeout) {
			this.readTimeout = readTimeout;
		}

		public @Nullable Duration getWriteTimeout() {
			return this.writeTimeout;
		}

		public void setWriteTimeout(@Nullable Duration writeTimeout) {
			this.writeTimeout = writeTimeout;
		}

		public Set<FlowFlag> getFlags() {
			return this.flags;
		}

		public void setFlags(Set<FlowFlag> flags) {
			this.flags = flags;
		}

	}

	/** A name this process serves. */
	public static class Name {

		/** Create the name in the IRM first (an existing name is reused). */
		private boolean create;

		/** Layers to register the name in. */
		private List<String> layers = new ArrayList<>();

		/** How the IRM spreads flows over the processes bound to the name. */
		private LoadBalancing loadBalancing = LoadBalancing.ROUND_ROBIN;

		private final Security server = new Security();

		private final Security client = new Security();

		public boolean isCreate() {
			return this.create;
		}

		public void setCreate(boolean create) {
			this.create = create;
		}

		public List<String> getLayers() {
			return this.layers;
		}

		public void setLayers(List<String> layers) {
			this.layers = layers;
		}

		public LoadBalancing getLoadBalancing() {
			return this.loadBalancing;
		}

		public void setLoadBalancing(LoadBalancing loadBalancing) {
			this.loadBalancing = loadBalancing;
		}

		public Security getServer() {
			return this.server;
		}

		public Security getClient() {
			return this.client;
		}

	}

	/** Security files of one side of a name's flows (used when the name is created). */
	public static class Security {

		/**
		 * Encryption configuration file. On native (Ouroboros 0.23.0) only irmd's own path,
		 * {@code <security dir>/server|client/<name>/enc.conf}, is honoured.
		 */
		private @Nullable Path encryption;

		/** Private key (PEM); set with the certificate. */
		private @Nullable Path key;

		/** Certificate (PEM). */
		private @Nullable Path certificate;

		public @Nullable Path getEncryption() {
			return this.encryption;
		}

		public void setEncryption(@Nullable Path encryption) {
			this.encryption = encryption;
		}

		public @Nullable Path getKey() {
			return this.key;
		}

		public void setKey(@Nullable Path key) {
			this.key = key;
		}

		public @Nullable Path getCertificate() {
			return this.certificate;
		}

		public void setCertificate(@Nullable Path certificate) {
			this.certificate = certificate;
		}

	}

	/** Defaults of @OuroborosListener containers. */
	public static class Listener {

		/** Handler calls at once per listener (flows in flow mode, packets of different flows in packet mode). */
		private int concurrency = 16;

		/** Deallocate flows silent for this long; in flow mode the read timeout of accepted flows (unset: never). */
		private @Nullable Duration idleTimeout;

		/**
		 * How long stopping a listener waits for running handlers before it deallocates their flows;
		 * keep it below spring.lifecycle.timeout-per-shutdown-phase.
		 */
		private Duration shutdownTimeout = Duration.ofSeconds(20);

		/** Run handlers on virtual threads when spring.threads.virtual.enabled is set (Java 21+). */
		private boolean virtualThreads = true;

		public int getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(int concurrency) {
			this.concurrency = concurrency;
		}

		public @Nullable Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(@Nullable Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

		public Duration getShutdownTimeout() {
			return this.shutdownTimeout;
		}

		public void setShutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
		}

		public boolean isVirtualThreads() {
			return this.virtualThreads;
		}

		public void setVirtualThreads(boolean virtualThreads) {
			this.virtualThreads = virtualThreads;
		}

	}

}
