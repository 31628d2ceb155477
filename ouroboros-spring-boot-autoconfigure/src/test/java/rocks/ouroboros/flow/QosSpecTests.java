package rocks.ouroboros.flow;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class QosSpecTests {

	@Test
	void presetsCarryUpstreamsValues() {
		assertThat(QosSpec.RAW).isEqualTo(new QosSpec(QosSpec.UINT32_MAX, 0, 0, 1, 1, false, QosSpec.UINT32_MAX, 120_000));
		assertThat(QosSpec.DATA.isReliable()).isTrue();
		assertThat(QosSpec.VOICE.delayMillis()).isEqualTo(50);
		assertThat(QosSpec.VIDEO.bandwidth()).isEqualTo(QosSpec.UNLIMITED_BANDWIDTH);
		assertThat(QosSpec.VIDEO.toString()).contains("bandwidth=18446744073709551615bit/s");
		assertThat(QosPreset.BEST_EFFORT.spec()).isSameAs(QosSpec.BEST_EFFORT);
		assertThat(QosSpec.RAW_NO_ERRORS.ber()).isZero();
	}

	@Test
	void builderStartsFromRawAndChangesOnlyWhatIsSet() {
		QosSpec spec = QosSpec.builder().delay(Duration.ofMillis(20)).inOrder(true).loss(0).build();
		assertThat(spec.delayMillis()).isEqualTo(20);
		assertThat(spec.isReliable()).isTrue();
		assertThat(spec.timeoutMillis()).isEqualTo(QosSpec.RAW.timeoutMillis());
		assertThat(QosSpec.DATA.toBuilder().availability(9).build().maxGapMillis()).isEqualTo(2000);
	}

	@Test
	void unsigned32BitFieldsRejectValuesOutOfRangeNamingTheField() {
		assertThatIllegalArgumentException().isThrownBy(() -> QosSpec.builder().loss(-1).build())
			.withMessageContaining("loss")
			.withMessageContaining("4294967295");
		assertThatIllegalArgumentException().isThrownBy(() -> QosSpec.builder().delayMillis(1L << 32).build())
			.withMessageContaining("delayMillis");
		assertThatIllegalArgumentException().isThrownBy(() -> QosSpec.builder().peerTimeout(Duration.ofDays(100)).build())
			.withMessageContaining("timeoutMillis");
		assertThat(QosSpec.builder().maxGapMillis(QosSpec.UINT32_MAX).build().maxGapMillis()).isEqualTo(4294967295L);
	}

	@Test
	void availabilityIsAnUnsigned8BitValue() {
		assertThatIllegalArgumentException().isThrownBy(() -> QosSpec.builder().availability(256).build())
			.withMessageContaining("availability");
		assertThatIllegalArgumentException().isThrownBy(() -> QosSpec.builder().availability(-1).build());
		assertThat(QosSpec.builder().availability(255).build().availability()).isEqualTo(255);
	}

	@Test
	void bandwidthIsUnsignedWithUnlimitedAsTheOnlyNegative() {
		assertThatIllegalArgumentException().isThrownBy(() -> QosSpec.builder().bandwidth(-2).build())
			.withMessageContaining("bandwidth");
		assertThat(QosSpec.builder().bandwidth(Long.MAX_VALUE).build().bandwidth()).isEqualTo(Long.MAX_VALUE);
	}

	@Test
	void negativeDurationsAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> QosSpec.builder().maxGap(Duration.ofMillis(-5)))
			.withMessageContaining("negative");
	}

}
