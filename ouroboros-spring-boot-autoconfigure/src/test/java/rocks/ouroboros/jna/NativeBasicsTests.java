package rocks.ouroboros.jna;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import rocks.ouroboros.flow.BackendKind;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.UnknownNameException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@NativeOuroboros
class NativeBasicsTests {

	private Ouroboros ouroboros;

	@BeforeEach
	void open() {
		this.ouroboros = NativeBackend.open(NativeSettings.defaults());
	}

	@AfterEach
	void close() {
		this.ouroboros.close();
	}

	@Test
	void openGivesTheNativeBackendOfTheInstalledVersion() {
		assertThat(this.ouroboros.backend()).isEqualTo(BackendKind.NATIVE);
		assertThat(this.ouroboros.version()).startsWith("0.23");
		assertThat(this.ouroboros.isAvailable()).isTrue();
	}

	@Test
	void allocToAnUnknownNameFailsWithItsName() {
		String name = "no-such-name-" + UUID.randomUUID();
		assertThatExceptionOfType(UnknownNameException.class)
			.isThrownBy(() -> this.ouroboros.alloc(name, rocks.ouroboros.flow.QosSpec.RAW, Duration.ofSeconds(2)))
			.satisfies((ex) -> assertThat(ex.name()).isEqualTo(name))
			.withMessageContaining("'" + name + "'");
	}

}
