package rocks.ouroboros.jna.irm;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rocks.ouroboros.jna.CProbe;

import static org.assertj.core.api.Assertions.assertThat;

/** The IRM struct layouts the Java side writes equal what gcc sees in the installed headers. */
class IrmLayoutTests {

	@TempDir
	Path dir;

	@Test
	void irmStructsHaveTheLayoutTheBackendWrites() throws Exception {
		Map<String, String> c = new LinkedHashMap<>();
		Map<String, Long> expected = new LinkedHashMap<>();
		expect(c, expected, "sizeof(struct ipcp_config)", NativeLayouts.IPCP_CONFIG_SIZE);
		expect(c, expected, "offsetof(struct ipcp_config, type)", NativeLayouts.IPCP_CONFIG_TYPE);
		expect(c, expected, "offsetof(struct ipcp_config, layer_info.dir_hash_algo)", NativeLayouts.LAYER_INFO_HASH);
		expect(c, expected, "offsetof(struct ipcp_config, unicast)", NativeLayouts.UNION);
		expect(c, expected, "offsetof(struct ipcp_config, unicast.dt.routing.ls.pol)", NativeLayouts.UNION + 16);
		expect(c, expected, "offsetof(struct ipcp_config, unicast.dt.routing.ls.t_timeo)", NativeLayouts.UNION + 40);
		expect(c, expected, "offsetof(struct ipcp_config, unicast.dir.dht.params.alpha)", NativeLayouts.UNION + 56);
		expect(c, expected, "offsetof(struct ipcp_config, unicast.dir.dht.peer)", NativeLayouts.UNION + 80);
		expect(c, expected, "offsetof(struct ipcp_config, unicast.cong_avoid)", NativeLayouts.UNION + 92);
		expect(c, expected, "offsetof(struct ipcp_config, eth.ethertype)", NativeLayouts.UNION + 256);
		expect(c, expected, "offsetof(struct ipcp_config, udp4.port)", NativeLayouts.UNION + 8);
		expect(c, expected, "offsetof(struct ipcp_config, udp6.port)", NativeLayouts.UNION + 32);
		expect(c, expected, "sizeof(struct name_info)", NativeLayouts.NAME_INFO_SIZE);
		expect(c, expected, "offsetof(struct name_info, pol_lb)", NativeLayouts.NAME_INFO_POL_LB);
		expect(c, expected, "offsetof(struct name_info, s)", NativeLayouts.NAME_INFO_SERVER);
		expect(c, expected, "offsetof(struct name_info, c)", NativeLayouts.NAME_INFO_CLIENT);
		expect(c, expected, "offsetof(struct name_sec_paths, key)", NativeLayouts.SEC_PATH_KEY);
		expect(c, expected, "offsetof(struct name_sec_paths, crt)", NativeLayouts.SEC_PATH_CRT);
		expect(c, expected, "sizeof(struct ipcp_list_info)", NativeLayouts.IPCP_LIST_INFO_SIZE);
		expect(c, expected, "offsetof(struct ipcp_list_info, type)", NativeLayouts.IPCP_LIST_INFO_TYPE);
		expect(c, expected, "offsetof(struct ipcp_list_info, name)", NativeLayouts.IPCP_LIST_INFO_NAME);
		expect(c, expected, "offsetof(struct ipcp_list_info, layer)", NativeLayouts.IPCP_LIST_INFO_LAYER);
		expect(c, expected, "IPCP_UDP6", IpcpType.UDP6.code());
		expect(c, expected, "IPCP_BROADCAST", IpcpType.BROADCAST.code());
		expect(c, expected, "DIR_HASH_SHA3_512", DirectoryHash.SHA3_512.ordinal());
		expect(c, expected, "LB_SPILL", rocks.ouroboros.flow.LoadBalancing.SPILL.ordinal());
		Map<String, Long> values = CProbe.values(this.dir, new String[] { "ouroboros/irm.h" }, c);
		assertThat(values).containsExactlyInAnyOrderEntriesOf(expected);
	}

	private static void expect(Map<String, String> c, Map<String, Long> expected, String expression, int value) {
		c.put(expression.replaceAll("[^A-Za-z0-9_]", "_"), expression);
		expected.put(expression.replaceAll("[^A-Za-z0-9_]", "_"), (long) value);
	}

}
