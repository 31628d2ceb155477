package rocks.ouroboros.jna;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import rocks.ouroboros.flow.LoadBalancing;
import rocks.ouroboros.flow.NameOptions;
import rocks.ouroboros.flow.SecurityPaths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Where irmd looks for security files, and which security settings 0.23.0 can honour (no irmd needed). */
class IrmdSecurityTests {

	private final IrmdSecurity security = new IrmdSecurity(Path.of("/etc/ouroboros/security"));

	@Test
	void theSecurityDirectoryFollowsTheInstallPrefixOfTheLibrary() {
		assertThat(IrmdSecurity.forLibrary(Path.of("/usr/lib/x86_64-linux-gnu/libouroboros-dev.so.0.23")).directory())
			.isEqualTo(Path.of("/etc/ouroboros/security"));
		assertThat(IrmdSecurity.forLibrary(Path.of("/usr/local/lib/libouroboros-dev.so.0.23")).directory())
			.isEqualTo(Path.of("/usr/local/etc/ouroboros/security"));
		assertThat(IrmdSecurity.forLibrary(Path.of("/opt/o7s/lib64/libouroboros-dev.so.0.23")).directory())
			.isEqualTo(Path.of("/etc/opt/o7s/ouroboros/security"));
	}

	@Test
	void encryptionIsAcceptedAtIrmdsOwnPathsAndMakesIrmdCreateTheName() {
		SecurityPaths server = new SecurityPaths(Path.of("/etc/ouroboros/security/server/svc/enc.conf"),
				Path.of("/etc/ouroboros/security/server/svc/key.pem"),
				Path.of("/etc/ouroboros/security/server/svc/crt.pem"));
		SecurityPaths client = new SecurityPaths(Path.of("/etc/ouroboros/security/client/svc/../svc/enc.conf"), null,
				null);
		assertThat(this.security.createOnBind("svc", options(LoadBalancing.SPILL, server, client))).isTrue();
	}

	@Test
	void anEncryptionPathElsewhereFailsNamingThePathIrmdReads() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.security.createOnBind("svc", options(LoadBalancing.SPILL, SecurityPaths.NONE,
					new SecurityPaths(Path.of("/srv/enc.conf"), null, null))))
			.withMessageContaining("client.encryption")
			.withMessageContaining("/srv/enc.conf")
			.withMessageContaining("irmd reads /etc/ouroboros/security/client/svc/enc.conf");
	}

	@Test
	void encryptionWithAKeyElsewhereOrRoundRobinFailsSayingWhatToChange() {
		SecurityPaths encrypted = new SecurityPaths(Path.of("/etc/ouroboros/security/server/svc/enc.conf"), null,
				null);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.security.createOnBind("svc", options(LoadBalancing.SPILL, encrypted,
					new SecurityPaths(null, Path.of("/srv/key.pem"), Path.of("/srv/crt.pem")))))
			.withMessageContaining("client.key")
			.withMessageContaining("/etc/ouroboros/security/client/svc/key.pem");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.security.createOnBind("svc",
					options(LoadBalancing.ROUND_ROBIN, encrypted, SecurityPaths.NONE)))
			.withMessageContaining("set load-balancing to spill");
	}

	@Test
	void aKeyWithoutItsCertificateFails() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.security.createOnBind("svc", options(LoadBalancing.ROUND_ROBIN,
					new SecurityPaths(null, Path.of("/srv/key.pem"), null), SecurityPaths.NONE)))
			.withMessageContaining("server key is set without the server certificate");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.security.createOnBind("svc", options(LoadBalancing.ROUND_ROBIN, SecurityPaths.NONE,
					new SecurityPaths(null, null, Path.of("/srv/crt.pem")))))
			.withMessageContaining("client certificate is set without the client key");
	}

	@Test
	void keysElsewhereOrRoundRobinGoThroughIrmCreateName() {
		SecurityPaths keys = new SecurityPaths(null, Path.of("/srv/key.pem"), Path.of("/srv/crt.pem"));
		assertThat(this.security.createOnBind("svc", options(LoadBalancing.SPILL, keys, SecurityPaths.NONE)))
			.isFalse();
		assertThat(this.security.createOnBind("svc",
				options(LoadBalancing.ROUND_ROBIN, SecurityPaths.NONE, SecurityPaths.NONE)))
			.isFalse();
		assertThat(this.security.createOnBind("svc", options(LoadBalancing.SPILL, SecurityPaths.NONE, SecurityPaths.NONE)))
			.isTrue();
	}

	private static NameOptions options(LoadBalancing balancing, SecurityPaths server, SecurityPaths client) {
		return new NameOptions(true, List.of("local"), balancing, server, client);
	}

}
