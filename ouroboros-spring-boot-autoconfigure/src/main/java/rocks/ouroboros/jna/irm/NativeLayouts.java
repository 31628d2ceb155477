package rocks.ouroboros.jna.irm;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import org.jspecify.annotations.Nullable;

import rocks.ouroboros.flow.LoadBalancing;
import rocks.ouroboros.flow.SecurityPaths;

/**
 * Byte layouts of the IRM structs on LP64 (checked against the installed headers by an
 * {@code offsetof} probe in the tests): {@code struct ipcp_config}, {@code struct name_info},
 * {@code struct ipcp_list_info}.
 */
final class NativeLayouts {

	static final int NAME_SIZE = 255;

	static final int NAME_PATH_SIZE = NAME_SIZE + 256;

	static final int IPCP_CONFIG_SIZE = 528;

	static final int IPCP_CONFIG_TYPE = 260;

	static final int LAYER_INFO_HASH = 256;

	static final int UNION = 264;

	static final int NAME_INFO_SIZE = 3332;

	static final int NAME_INFO_POL_LB = 256;

	static final int NAME_INFO_SERVER = 260;

	static final int NAME_INFO_CLIENT = 1796;

	static final int SEC_PATH_KEY = 512;

	static final int SEC_PATH_CRT = 1024;

	static final int IPCP_LIST_INFO_SIZE = 520;

	static final int IPCP_LIST_INFO_TYPE = 4;

	static final int IPCP_LIST_INFO_NAME = 8;

	static final int IPCP_LIST_INFO_LAYER = 263;

	private NativeLayouts() {
	}

	static Memory ipcpConfig(IpcpConfig config) {
		Memory m = new Memory(IPCP_CONFIG_SIZE);
		m.clear();
		putString(m, 0, config.layer(), NAME_SIZE);
		m.setInt(IPCP_CONFIG_TYPE, config.type().code());
		if (config instanceof IpcpConfig.Local local) {
			m.setInt(LAYER_INFO_HASH, local.hash().ordinal());
		}
		else if (config instanceof IpcpConfig.Unicast uni) {
			m.setInt(LAYER_INFO_HASH, uni.hash().ordinal());
			m.setByte(UNION, (byte) uni.addressSize());
			m.setByte(UNION + 1, (byte) uni.eidSize());
			m.setByte(UNION + 2, (byte) uni.maxTtl());
			m.setInt(UNION + 8, 0); // routing: link state
			m.setInt(UNION + 16, uni.linkState());
			m.setLong(UNION + 24, uni.recalcSeconds());
			m.setLong(UNION + 32, uni.updateSeconds());
			m.setLong(UNION + 40, uni.linkTimeoutSeconds());
			m.setInt(UNION + 48, 0); // directory: DHT
			m.setInt(UNION + 56, uni.dhtAlpha());
			m.setInt(UNION + 60, uni.dhtK());
			m.setInt(UNION + 64, uni.dhtExpireSeconds());
			m.setInt(UNION + 68, uni.dhtRefreshSeconds());
			m.setInt(UNION + 72, uni.dhtReplicateSeconds());
			m.setLong(UNION + 80, 0); // DHT peer: none
			m.setInt(UNION + 88, 0); // address authority: flat random
			m.setInt(UNION + 92, uni.congestionAvoidance());
		}
		else if (config instanceof IpcpConfig.EthLlc eth) {
			m.setInt(LAYER_INFO_HASH, eth.hash().ordinal());
			putString(m, UNION, eth.device(), NAME_SIZE);
		}
		else if (config instanceof IpcpConfig.EthDix eth) {
			m.setInt(LAYER_INFO_HASH, eth.hash().ordinal());
			putString(m, UNION, eth.device(), NAME_SIZE);
			m.setShort(UNION + 256, (short) eth.ethertype());
		}
		else if (config instanceof IpcpConfig.Udp4 udp) {
			m.setInt(LAYER_INFO_HASH, udp.hash().ordinal());
			m.write(UNION, udp.address().getAddress(), 0, 4);
			if (udp.dns() != null) {
				m.write(UNION + 4, udp.dns().getAddress(), 0, 4);
			}
			m.setShort(UNION + 8, (short) udp.port());
		}
		else if (config instanceof IpcpConfig.Udp6 udp) {
			m.setInt(LAYER_INFO_HASH, udp.hash().ordinal());
			m.write(UNION, udp.address().getAddress(), 0, 16);
			if (udp.dns() != null) {
				m.write(UNION + 16, udp.dns().getAddress(), 0, 16);
			}
			m.setShort(UNION + 32, (short) udp.port());
		}
		return m;
	}

	static Memory nameInfo(NameInfo info) {
		Memory m = new Memory(NAME_INFO_SIZE);
		m.clear();
		putString(m, 0, info.name(), NAME_SIZE);
		m.setInt(NAME_INFO_POL_LB, info.loadBalancing().ordinal());
		putPaths(m, NAME_INFO_SERVER, info.server());
		putPaths(m, NAME_INFO_CLIENT, info.client());
		return m;
	}

	/**
	 * A name of {@code irm_list_names}. Its security paths are left as {@link SecurityPaths#NONE}:
	 * 0.23.0 leaves those fields of the returned array uninitialised.
	 */
	static NameInfo readNameInfo(Pointer p) {
		int policy = p.getInt(NAME_INFO_POL_LB);
		LoadBalancing balancing = (policy == 1) ? LoadBalancing.SPILL : LoadBalancing.ROUND_ROBIN;
		return new NameInfo(getString(p, 0, NAME_SIZE + 1), balancing, SecurityPaths.NONE, SecurityPaths.NONE);
	}

	static IpcpInfo readIpcpInfo(Pointer p) {
		return new IpcpInfo(p.getInt(0), IpcpType.fromCode(p.getInt(IPCP_LIST_INFO_TYPE)),
				getString(p, IPCP_LIST_INFO_NAME, NAME_SIZE), getString(p, IPCP_LIST_INFO_LAYER, NAME_SIZE));
	}

	private static void putPaths(Memory m, int offset, SecurityPaths paths) {
		putPath(m, offset, paths.encryption());
		putPath(m, offset + SEC_PATH_KEY, paths.key());
		putPath(m, offset + SEC_PATH_CRT, paths.certificate());
	}

	private static void putPath(Memory m, int offset, @Nullable Path path) {
		if (path != null) {
			putString(m, offset, path.toAbsolutePath().toString(), NAME_PATH_SIZE);
		}
	}

	static void putString(Memory m, int offset, String value, int max) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		if (bytes.length > max) {
			throw new IllegalArgumentException("'" + value + "' is " + bytes.length + " bytes; at most " + max
					+ " fit");
		}
		m.write(offset, bytes, 0, bytes.length);
		m.setByte(offset + bytes.length, (byte) 0);
	}

	static String getString(Pointer p, int offset, int max) {
		byte[] bytes = p.getByteArray(offset, max);
		int end = 0;
		while (end < bytes.length && bytes[end] != 0) {
			end++;
		}
		return new String(bytes, 0, end, StandardCharsets.UTF_8);
	}

}
