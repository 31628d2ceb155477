package rocks.ouroboros.jna.irm;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.LoadBalancing;
import rocks.ouroboros.flow.NameOptions;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.SecurityPaths;
import rocks.ouroboros.jna.NativeBackend;
import rocks.ouroboros.jna.NativeOuroboros;
import rocks.ouroboros.jna.NativeSettings;
import rocks.ouroboros.jna.Peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The IRM API against the running irmd; everything a test creates it destroys. */
@NativeOuroboros
class IrmTests {

	private Irm irm;

	@BeforeEach
	void irm() {
		this.irm = NativeBackend.irm(NativeSettings.defaults());
	}

	private static String fresh(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	@Test
	void aCreatedNameIsListedWithItsPolicyUntilDestroyed() {
		String name = fresh("jtest-name");
		this.irm.createName(new NameInfo(name, LoadBalancing.SPILL, SecurityPaths.NONE, SecurityPaths.NONE));
		try {
			assertThat(this.irm.listNames()).filteredOn((info) -> info.name().equals(name))
				.singleElement()
				.extracting(NameInfo::loadBalancing)
				.isEqualTo(LoadBalancing.SPILL);
		}
		finally {
			this.irm.destroyName(name);
		}
		assertThat(this.irm.nameExists(name)).isFalse();
	}

	@Test
	void destroyingANameTwiceFailsNamingTheCall() {
		String name = fresh("jtest-name");
		this.irm.createName(NameInfo.of(name));
		this.irm.destroyName(name);
		assertThatExceptionOfType(IrmException.class).isThrownBy(() -> this.irm.destroyName(name))
			.withMessageStartingWith("irm_destroy_name('" + name + "') failed: ");
	}

	@Test
	void theLocalLayerHasAnIpcpToRegisterNamesIn() {
		List<IpcpInfo> ipcps = this.irm.ipcpsInLayer("local");
		assertThat(ipcps).isNotEmpty().allSatisfy((ipcp) -> assertThat(ipcp.type()).isEqualTo(IpcpType.LOCAL));
		String name = fresh("jtest-reg");
		this.irm.createName(NameInfo.of(name));
		try {
			this.irm.registerName(name, ipcps.get(0).pid());
			this.irm.unregisterName(name, ipcps.get(0).pid());
		}
		finally {
			this.irm.destroyName(name);
		}
	}

	@Test
	void registeringAnUnknownNameFails() {
		int pid = this.irm.ipcpsInLayer("local").get(0).pid();
		assertThatExceptionOfType(IrmException.class)
			.isThrownBy(() -> this.irm.registerName(fresh("jtest-unknown"), pid))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(-1007));
	}

	@Test
	void bindCreatesAndRegistersTheNameAndUnbindUndoesExactlyThat() {
		String name = fresh("jtest-bind");
		try (Ouroboros ouroboros = NativeBackend.open(NativeSettings.defaults())) {
			ouroboros.bind(name, NameOptions.createIn("local"));
			assertThat(this.irm.nameExists(name)).isTrue();
			ouroboros.unbind(name);
			assertThat(this.irm.nameExists(name)).isFalse();
		}
	}

	@Test
	void unbindLeavesANameThatExistedBeforeBind() {
		String name = fresh("jtest-kept");
		this.irm.createName(NameInfo.of(name));
		try (Ouroboros ouroboros = NativeBackend.open(NativeSettings.defaults())) {
			ouroboros.bind(name, NameOptions.createIn("local"));
			ouroboros.unbind(name);
			assertThat(this.irm.nameExists(name)).isTrue();
		}
		finally {
			this.irm.destroyName(name);
		}
	}

	@Test
	void bindingToALayerWithoutIpcpFailsAndLeavesNothingBehind() {
		String name = fresh("jtest-nolayer");
		try (Ouroboros ouroboros = NativeBackend.open(NativeSettings.defaults())) {
			assertThatExceptionOfType(rocks.ouroboros.flow.FlowException.class)
				.isThrownBy(() -> ouroboros.bind(name, NameOptions.createIn("no-such-layer")))
				.withMessageContaining("no IPC process is in that layer");
			assertThat(ouroboros.boundNames()).isEmpty();
		}
		assertThat(this.irm.nameExists(name)).isFalse();
	}

	@Test
	void bindingAProgramByNameLeavesThePathOfThisProcessWhole() throws Exception {
		String name = fresh("jtest-prog");
		this.irm.createName(NameInfo.of(name));
		try {
			this.irm.bindProgram("oecho", name, false, List.of());
			this.irm.unbindProgram("oecho", name);
		}
		finally {
			this.irm.destroyName(name);
		}
		// upstream's lookup cuts the C-level PATH; children inherit it, so check a child's PATH
		Process env = new ProcessBuilder("/usr/bin/env").start();
		String output = new String(env.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		env.waitFor();
		assertThat(output.lines().filter((line) -> line.startsWith("PATH=")))
			.containsExactly("PATH=" + System.getenv("PATH"));
	}

	@Test
	void bindingAProgramThatIsNotOnThePathFails() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> this.irm.bindProgram("no-such-program-" + UUID.randomUUID(), "x", false, List.of()))
			.withMessageContaining("is not on the PATH");
	}

	@Test
	void aBroadcastLayerCarriesAPacketToTheOtherMember() throws Exception {
		String layer = fresh("jtest-bc");
		IpcpInfo ipcp = this.irm.createIpcp(layer, IpcpType.BROADCAST);
		try (Peer peer = Peer.start(); Ouroboros ouroboros = NativeBackend.open(NativeSettings.defaults())) {
			this.irm.bootstrapIpcp(ipcp.pid(), new IpcpConfig.Broadcast(layer));
			assertThat(this.irm.ipcpsInLayer(layer)).extracting(IpcpInfo::pid).containsExactly(ipcp.pid());
			peer.ok("join " + layer);
			Flow member = ouroboros.join(layer, Duration.ofSeconds(10));
			member.write("to all".getBytes(StandardCharsets.UTF_8));
			assertThat(peer.ok("read")).isEqualTo("to all");
		}
		finally {
			this.irm.destroyIpcp(ipcp.pid());
		}
		assertThat(this.irm.findIpcp(layer)).isEmpty();
	}

}
