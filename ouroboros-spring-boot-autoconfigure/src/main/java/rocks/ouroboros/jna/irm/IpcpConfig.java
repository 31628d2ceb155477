package rocks.ouroboros.jna.irm;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import rocks.ouroboros.flow.Names;

/**
 * How to bootstrap an IPC process ({@code struct ipcp_config}): one record per IPCP type, each
 * with upstream's defaults available from a factory.
 */
public sealed interface IpcpConfig permits IpcpConfig.Local, IpcpConfig.Unicast, IpcpConfig.Broadcast,
		IpcpConfig.EthLlc, IpcpConfig.EthDix, IpcpConfig.Udp4, IpcpConfig.Udp6 {

	/** The layer the IPCP makes. */
	String layer();

	/** The IPCP type this config is for. */
	IpcpType type();

	private static void requireLayer(String layer, DirectoryHash hash) {
		Names.requireValid(layer, "layer");
		Objects.requireNonNull(hash, "hash");
	}

	private static void requirePort(int port) {
		if (port <= 0 || port > 0xFFFF) {
			throw new IllegalArgumentException("port is 1..65535, was " + port);
		}
	}

	/** A local layer. */
	record Local(String layer, DirectoryHash hash) implements IpcpConfig {

		public Local {
			requireLayer(layer, hash);
		}

		/** Upstream's defaults ({@code local_default_conf}). */
		public static Local of(String layer) {
			return new Local(layer, DirectoryHash.SHA3_256);
		}

		@Override
		public IpcpType type() {
			return IpcpType.LOCAL;
		}

	}

	/** A broadcast layer. */
	record Broadcast(String layer) implements IpcpConfig {

		public Broadcast {
			Names.requireValid(layer, "layer");
		}

		@Override
		public IpcpType type() {
			return IpcpType.BROADCAST;
		}

	}

	/**
	 * A unicast layer ({@code struct uni_config}).
	 *
	 * @param addressSize address size in bytes
	 * @param eidSize endpoint id size in bytes
	 * @param maxTtl largest time to live
	 * @param linkState link-state policy: 0 simple, 1 LFA, 2 ECMP
	 * @param recalcSeconds time between forwarding table recalculations
	 * @param updateSeconds time between link-state updates
	 * @param linkTimeoutSeconds link timeout
	 * @param dhtAlpha DHT parallel search factor
	 * @param dhtK DHT replication factor
	 * @param dhtExpireSeconds DHT expiry time
	 * @param dhtRefreshSeconds DHT refresh time
	 * @param dhtReplicateSeconds DHT replication time
	 * @param congestionAvoidance 0 none, 1 multi-bit ECN
	 */
	record Unicast(String layer, DirectoryHash hash, int addressSize, int eidSize, int maxTtl, int linkState,
			long recalcSeconds, long updateSeconds, long linkTimeoutSeconds, int dhtAlpha, int dhtK,
			int dhtExpireSeconds, int dhtRefreshSeconds, int dhtReplicateSeconds, int congestionAvoidance)
			implements IpcpConfig {

		public Unicast {
			requireLayer(layer, hash);
			if (addressSize <= 0 || addressSize > 255 || eidSize <= 0 || eidSize > 255 || maxTtl <= 0
					|| maxTtl > 255) {
				throw new IllegalArgumentException("address size, eid size and max TTL are 1..255");
			}
			if (linkState < 0 || linkState > 2 || congestionAvoidance < 0 || congestionAvoidance > 1) {
				throw new IllegalArgumentException("link state policy is 0..2, congestion avoidance 0..1");
			}
		}

		/** Upstream's defaults ({@code uni_default_conf}). */
		public static Unicast of(String layer) {
			return new Unicast(layer, DirectoryHash.SHA3_256, 4, 8, 60, 0, 4, 15, 60, 3, 8, 86400, 900, 900, 1);
		}

		@Override
		public IpcpType type() {
			return IpcpType.UNICAST;
		}

	}

	/** An Ethernet LLC layer on {@code device}. */
	record EthLlc(String layer, DirectoryHash hash, String device) implements IpcpConfig {

		public EthLlc {
			requireLayer(layer, hash);
			Names.requireValid(device, "device");
		}

		@Override
		public IpcpType type() {
			return IpcpType.ETH_LLC;
		}

	}

	/** An Ethernet DIX layer on {@code device} with {@code ethertype} (upstream's default 0xA000). */
	record EthDix(String layer, DirectoryHash hash, String device, int ethertype) implements IpcpConfig {

		public EthDix {
			requireLayer(layer, hash);
			Names.requireValid(device, "device");
			if (ethertype < 0 || ethertype > 0xFFFF) {
				throw new IllegalArgumentException("ethertype is 16 bits, was " + ethertype);
			}
		}

		@Override
		public IpcpType type() {
			return IpcpType.ETH_DIX;
		}

	}

	/** A UDP/IPv4 layer on {@code address:port} (upstream's default port 3435). */
	record Udp4(String layer, DirectoryHash hash, Inet4Address address, @Nullable Inet4Address dns, int port)
			implements IpcpConfig {

		public Udp4 {
			requireLayer(layer, hash);
			Objects.requireNonNull(address, "address");
			requirePort(port);
		}

		@Override
		public IpcpType type() {
			return IpcpType.UDP4;
		}

	}

	/** A UDP/IPv6 layer on {@code address:port} (upstream's default port 3435). */
	record Udp6(String layer, DirectoryHash hash, Inet6Address address, @Nullable Inet6Address dns, int port)
			implements IpcpConfig {

		public Udp6 {
			requireLayer(layer, hash);
			Objects.requireNonNull(address, "address");
			requirePort(port);
		}

		@Override
		public IpcpType type() {
			return IpcpType.UDP6;
		}

	}

}
