package rocks.ouroboros.flow;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import rocks.ouroboros.embedded.EmbeddedLayer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class NamesTests {

	private final EmbeddedLayer layer = EmbeddedLayer.create();

	private final Ouroboros process = this.layer.newProcess();

	@AfterEach
	void close() {
		this.layer.close();
	}

	@Test
	void nullNameFailsSayingWhatToPass() {
		assertThatNullPointerException().isThrownBy(() -> this.process.alloc(null))
			.withMessageContaining("name must not be null");
		assertThatNullPointerException().isThrownBy(() -> this.process.bind(null));
		assertThatNullPointerException().isThrownBy(() -> this.process.join(null));
	}

	@Test
	void emptyOrBlankNameFails() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.process.alloc(""))
			.withMessageContaining("empty");
		assertThatIllegalArgumentException().isThrownBy(() -> this.process.bind("  "));
	}

	@Test
	void nameOverUpstreamsSizeFailsWithItsLength() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.process.alloc("é".repeat(128)))
			.withMessageContaining("256 bytes")
			.withMessageContaining("255");
		assertThat(Names.requireValid("a".repeat(255), "name")).hasSize(255);
	}

	@Test
	void nonAsciiNamesWorkAndControlCharactersDoNot() throws Exception {
		this.process.bind("ëcho-服务");
		assertThat(this.process.boundNames()).contains("ëcho-服务");
		assertThatIllegalArgumentException().isThrownBy(() -> this.process.alloc("a\0b"))
			.withMessageContaining("control character");
	}

	@Test
	void negativeTimeoutsAndNullQosFail() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.process.accept(Duration.ofSeconds(-1)))
			.withMessageContaining("negative");
		assertThatNullPointerException().isThrownBy(() -> this.process.alloc("x", null))
			.withMessageContaining("QosSpec");
	}

	@Test
	void bufferRangesAreChecked() {
		this.process.bind("x");
		var accepted = java.util.concurrent.CompletableFuture.supplyAsync(() -> this.process.accept(Duration.ofSeconds(5)));
		Flow flow = this.layer.newProcess().alloc("x", QosSpec.RAW, Duration.ofSeconds(5));
		accepted.join();
		assertThatExceptionOfType(IndexOutOfBoundsException.class).isThrownBy(() -> flow.write(new byte[4], 2, 3));
		assertThatExceptionOfType(IndexOutOfBoundsException.class).isThrownBy(() -> flow.write(new byte[4], 5));
		assertThatIllegalArgumentException().isThrownBy(() -> flow.read(-1)).withMessageContaining("count must be 0..");
		assertThatIllegalArgumentException().isThrownBy(() -> flow.readLine(0)).withMessageContaining("positive");
	}

	@Test
	void securityFilesThatAreMissingFailNamingThePath() {
		NameOptions options = new NameOptions(true, java.util.List.of(), LoadBalancing.ROUND_ROBIN,
				new SecurityPaths(null, java.nio.file.Path.of("/nonexistent/server.key"), null), SecurityPaths.NONE);
		assertThatIllegalArgumentException().isThrownBy(() -> this.process.bind("secure", options))
			.withMessageContaining("/nonexistent/server.key")
			.withMessageContaining("does not exist");
		assertThat(this.process.boundNames()).doesNotContain("secure");
	}

	private static <T extends Throwable> org.assertj.core.api.ThrowableTypeAssert<T> assertThatExceptionOfType(
			Class<T> type) {
		return org.assertj.core.api.Assertions.assertThatExceptionOfType(type);
	}

}
