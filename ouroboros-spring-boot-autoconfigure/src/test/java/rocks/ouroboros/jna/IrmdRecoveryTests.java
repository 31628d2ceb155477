package rocks.ouroboros.jna;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The order of recovering from an irmd restart, and what stops it, without a library. */
class IrmdRecoveryTests {

	/** Records the steps; irmd answers after {@code absentProbes} probes. */
	static final class FakeSteps implements IrmdRecovery.Steps {

		final List<String> done = new ArrayList<>();

		final LibraryGate gate = new LibraryGate();

		final AtomicInteger absentProbes = new AtomicInteger();

		volatile @Nullable String unloadRefusal;

		@Override
		public synchronized LibraryGate retire() {
			this.done.add("retire");
			this.gate.retire();
			return this.gate;
		}

		@Override
		public synchronized @Nullable String unload() {
			this.done.add("unload");
			return this.unloadRefusal;
		}

		@Override
		public synchronized @Nullable String irmdProblem() {
			this.done.add("probe");
			return (this.absentProbes.getAndDecrement() > 0) ? "irmd is not running" : null;
		}

		@Override
		public synchronized @Nullable String reload() {
			this.done.add("reload");
			return null;
		}

		synchronized List<String> done() {
			return List.copyOf(this.done);
		}

	}

	private final FakeSteps steps = new FakeSteps();

	private final IrmdRecovery recovery = new IrmdRecovery(this.steps, Duration.ofMillis(100));

	@Test
	void retiresUnloadsWaitsForIrmdAndReloadsInThatOrder() {
		this.steps.absentProbes.set(2);
		assertThat(this.recovery.irmdGone("irmd is not running")).isTrue();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.recovery.state() == IrmdRecovery.State.SERVING);
		assertThat(this.steps.done()).containsExactly("retire", "unload", "probe", "probe", "probe", "reload");
		assertThat(this.recovery.recoveries()).isEqualTo(1);
		assertThat(this.recovery.reason()).isNull();
	}

	@Test
	void saysWhyItDoesNotServeWhileItWaitsForIrmd() {
		this.steps.absentProbes.set(Integer.MAX_VALUE);
		this.recovery.irmdGone("irmd is not running");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.recovery.state() == IrmdRecovery.State.WAITING_FOR_IRMD
					&& String.valueOf(this.recovery.reason()).contains("waiting for irmd"));
		assertThat(this.recovery.reason()).isEqualTo("waiting for irmd to load libouroboros-dev again: irmd is not running");
		assertThat(this.steps.done()).doesNotContain("reload");
		this.steps.absentProbes.set(0);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.recovery.state() == IrmdRecovery.State.SERVING);
	}

	@Test
	void startsOnceWhileItIsUnderWay() {
		this.steps.absentProbes.set(Integer.MAX_VALUE);
		assertThat(this.recovery.irmdGone("first")).isTrue();
		assertThat(this.recovery.irmdGone("second")).isFalse();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.recovery.state() == IrmdRecovery.State.WAITING_FOR_IRMD);
		assertThat(this.steps.done()).containsOnlyOnce("retire");
		this.steps.absentProbes.set(0);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.recovery.state() == IrmdRecovery.State.SERVING);
	}

	@Test
	void neverUnloadsWhileAThreadIsInsideTheOldLoadAndSaysSo() throws Exception {
		assertThat(this.steps.gate.enter()).isTrue();
		CompletableFuture<Void> recovering = CompletableFuture.runAsync(this.recovery::recover);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.recovery.state() == IrmdRecovery.State.STUCK);
		assertThat(this.recovery.reason()).startsWith("threads are still inside the old libouroboros-dev (1 call(s)"
				+ " in progress and 0 handle(s) not released), so it is not unloaded");
		TimeUnit.MILLISECONDS.sleep(300);
		assertThat(this.steps.done()).containsExactly("retire");
		this.steps.gate.exit();
		recovering.get(10, TimeUnit.SECONDS);
		assertThat(this.recovery.state()).isEqualTo(IrmdRecovery.State.SERVING);
		assertThat(this.steps.done()).containsExactly("retire", "unload", "probe", "reload");
	}

	@Test
	void aLoadThatCannotBeUnloadedIsNeverLoadedAgain() {
		this.steps.unloadRefusal = "libouroboros-dev is still mapped";
		this.recovery.recover();
		assertThat(this.recovery.state()).isEqualTo(IrmdRecovery.State.STUCK);
		assertThat(this.recovery.reason())
			.isEqualTo("libouroboros-dev is still mapped; restart the application to use native Ouroboros again");
		assertThat(this.steps.done()).containsExactly("retire", "unload");
		assertThat(this.recovery.irmdGone("again")).as("stuck for good").isFalse();
	}

}
