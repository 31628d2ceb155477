package rocks.ouroboros.jna;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The gate that keeps every thread and handle out of a library load before it is unloaded. */
class LibraryGateTests {

	private final LibraryGate gate = new LibraryGate();

	@Test
	void aRetiredGateLetsNoCallInAndNoHandleRegister() {
		assertThat(this.gate.enter()).isTrue();
		this.gate.exit();
		this.gate.retire();
		assertThat(this.gate.isRetired()).isTrue();
		assertThat(this.gate.enter()).isFalse();
		assertThat(this.gate.register(() -> {
		})).isFalse();
	}

	@Test
	void retiringHandsOverEveryRegisteredHandleToBeClosed() {
		LibraryGate.Handle first = () -> {
		};
		LibraryGate.Handle second = () -> {
		};
		assertThat(this.gate.register(first)).isTrue();
		assertThat(this.gate.register(second)).isTrue();
		this.gate.release(second);
		assertThat(this.gate.retire()).containsExactly(first);
	}

	@Test
	void theLoadIsIdleOnlyOnceRetiredWithNoCallInsideAndEveryHandleReleased() throws Exception {
		LibraryGate.Handle handle = () -> {
		};
		assertThat(this.gate.register(handle)).isTrue();
		assertThat(this.gate.enter()).isTrue();
		assertThat(this.gate.awaitIdle(Duration.ofMillis(50))).as("not retired yet").isFalse();
		this.gate.retire();
		assertThat(this.gate.awaitIdle(Duration.ofMillis(50))).as("a call inside").isFalse();
		assertThat(this.gate.describeBusy()).isEqualTo("1 call(s) in progress and 1 handle(s) not released");
		this.gate.exit();
		assertThat(this.gate.awaitIdle(Duration.ofMillis(50))).as("a handle not released").isFalse();
		CompletableFuture<Boolean> idle = CompletableFuture.supplyAsync(() -> {
			try {
				return this.gate.awaitIdle(Duration.ofSeconds(10));
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		});
		TimeUnit.MILLISECONDS.sleep(50);
		assertThat(idle).isNotDone();
		this.gate.release(handle);
		assertThat(idle.get(5, TimeUnit.SECONDS)).isTrue();
	}

}
