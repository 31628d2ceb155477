package rocks.ouroboros.spring.listener;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import rocks.ouroboros.flow.BackendKind;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.jna.NativeBackend;
import rocks.ouroboros.jna.NativeSettings;
import rocks.ouroboros.spring.autoconfigure.OuroborosAutoConfiguration;
import rocks.ouroboros.spring.autoconfigure.OuroborosListenerAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The listener contract on real Ouroboros: each test creates a fresh name, registers it in the
 * layer {@code local} (override with {@code -Douroboros.test.layer=...}) and serves it; skipped
 * with one line when Ouroboros is not usable here.
 */
@ExtendWith(NativeOuroborosAvailable.class)
@Tag("native")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NativeListenerTests extends ListenerContract {

	private static final String LAYER = System.getProperty("ouroboros.test.layer", "local");

	@Override
	String[] backendProperties(String name) {
		return new String[] { "ouroboros.backend=native", "ouroboros.names." + name + ".create=true",
				"ouroboros.names." + name + ".layers=" + LAYER };
	}

	@Override
	Ouroboros openClient(AssertableApplicationContext context) {
		assertThat(context.getBean(Ouroboros.class).backend()).isEqualTo(BackendKind.NATIVE);
		return NativeBackend.open(NativeSettings.defaults());
	}

	@Test
	void listenersOnTwoNamesFailStartUpSayingWhyAndWhatToDo() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(OuroborosAutoConfiguration.class, OuroborosListenerAutoConfiguration.class))
			.withPropertyValues("ouroboros.backend=native")
			.withUserConfiguration(TwoNames.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("cannot tell which name an accepted flow was allocated to")
				.hasMessageContaining("one process serves one name"));
	}

	static class TwoNames {

		@OuroborosListener(id = "first", name = "jspring-first")
		String first(String line) {
			return line;
		}

		@OuroborosListener(id = "second", name = "jspring-second")
		String second(String line) {
			return line;
		}

	}

}
