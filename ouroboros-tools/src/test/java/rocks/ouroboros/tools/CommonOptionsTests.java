package rocks.ouroboros.tools;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CommonOptionsTests {

	private static CommonOptions read(String... words) {
		Arguments args = new Arguments(words);
		CommonOptions common = new CommonOptions();
		while (args.hasNext()) {
			common.read(args.next(), args);
		}
		return common;
	}

	@Test
	void withoutOptionsTheBackendIsAutoAndProgressIsOn() {
		CommonOptions common = read();

		assertThat(common.backend()).isEqualTo(BackendChoice.AUTO);
		assertThat(common.progress()).isTrue();
	}

	@Test
	void readsTheBackendInAnyCaseAndNoProgress() {
		CommonOptions common = read("--backend", "Embedded", "--no-progress");

		assertThat(common.backend()).isEqualTo(BackendChoice.EMBEDDED);
		assertThat(common.progress()).isFalse();
	}

	@Test
	void helpInEitherFormIsRequested() {
		assertThatExceptionOfType(HelpRequested.class).isThrownBy(() -> read("-h"));
		assertThatExceptionOfType(HelpRequested.class).isThrownBy(() -> read("--no-progress", "--help"));
	}

	@Test
	void anOptionThatIsNotOneOfTheseIsUnknown() {
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> read("-c"))
			.withMessage("unknown option '-c'");
	}

	@Test
	void theUsageLinesStartTheirDescriptionsAtTheColumnGiven() {
		String usage = CommonOptions.usage(24, "a server in this JVM");

		assertThat(usage.lines()).containsExactly(
				"      --backend         auto (default), native or embedded; embedded runs",
				"                        a server in this JVM",
				"      --no-progress     No progress lines on standard error",
				"      --help            Display this help text and exit");
	}

	@Test
	void aClientSizeOutsideTheRangeIsHeldToItWithANote() {
		ByteArrayOutputStream notes = new ByteArrayOutputStream();
		PrintStream print = new PrintStream(notes, true, StandardCharsets.UTF_8);

		assertThat(CommonOptions.clientSize(print, 100, 64, 1500)).isEqualTo(100);
		assertThat(notes.size()).isZero();
		assertThat(CommonOptions.clientSize(print, 9000, 64, 1500)).isEqualTo(1500);
		assertThat(CommonOptions.clientSize(print, 10, 64, 1500)).isEqualTo(64);
		assertThat(notes.toString(StandardCharsets.UTF_8).lines()).containsExactly("Packet size truncated to 1500 bytes.",
				"Packet size set to 64 bytes.");
	}

}
