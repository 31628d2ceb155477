package rocks.ouroboros.reliability;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import rocks.ouroboros.embedded.EmbeddedLayer;
import rocks.ouroboros.flow.FlowTimeoutException;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.OuroborosUnavailableException;
import rocks.ouroboros.flow.QosSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Races between a process's life and what is done with it: binds and flow sets made while it
 * closes, and allocs that give up on a server that never accepts.
 */
@Timeout(120)
class ProcessLifecycleRaceTests {

	@Test
	void aBindRacingWithCloseNeverLeavesTheNameBoundToTheClosedProcess() throws Exception {
		int races = Soak.size(3_000, 100_000);
		int bindsWon = 0;
		try (EmbeddedLayer layer = EmbeddedLayer.create()) {
			CyclicBarrier start = new CyclicBarrier(2);
			for (int i = 0; i < races; i++) {
				Ouroboros process = layer.newProcess("racer");
				Thread closer = new Thread(() -> {
					await(start);
					process.close();
				});
				closer.start();
				await(start);
				try {
					process.bind("racy");
					bindsWon++;
				}
				catch (OuroborosUnavailableException closed) {
					// the close came first: documented
				}
				closer.join(5000);
				assertThat(process.isClosed()).isTrue();
				assertThat(layer.boundNames()).as("names bound after race %d", i).doesNotContainKey("racy");
				assertThat(process.boundNames()).isEmpty();
			}
			assertThat(layer.processCount()).isZero();
		}
		ReliabilityFigures.add("bind/close races, no name left bound", races);
		System.out.printf("bind/close races: %d, bind first: %d%n", races, bindsWon);
	}

	@Test
	void aFlowSetMadeWhileItsProcessClosesIsClosedWithIt() throws Exception {
		int races = Soak.size(3_000, 100_000);
		try (EmbeddedLayer layer = EmbeddedLayer.create()) {
			CyclicBarrier start = new CyclicBarrier(2);
			for (int i = 0; i < races; i++) {
				Ouroboros process = layer.newProcess("racer");
				Thread closer = new Thread(() -> {
					await(start);
					process.close();
				});
				closer.start();
				await(start);
				try {
					process.newFlowSet();
				}
				catch (OuroborosUnavailableException closed) {
					// the close came first: documented
				}
				closer.join(5000);
				assertThat(process.openFlowSetCount()).as("flow sets open after race %d", i).isZero();
			}
		}
		ReliabilityFigures.add("flow set/close races, no set left open", races);
	}

	@Test
	void aServerThatNeverAcceptsDoesNotHoldOnToAllocsThatGaveUp() throws Exception {
		try (EmbeddedLayer layer = EmbeddedLayer.create()) {
			Ouroboros mute = layer.newProcess("mute");
			mute.bind("mute");
			WeakReference<Ouroboros> gone = allocAndGiveUp(layer, 1_000);
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
			while (gone.get() != null && System.nanoTime() < deadline) {
				System.gc();
				Thread.sleep(10);
			}
			assertThat(gone.get()).as("a closed client still reachable from the server it gave up on").isNull();
		}
	}

	private static WeakReference<Ouroboros> allocAndGiveUp(EmbeddedLayer layer, int allocs) {
		Ouroboros client = layer.newProcess("client");
		for (int i = 0; i < allocs; i++) {
			assertThatExceptionOfType(FlowTimeoutException.class)
				.isThrownBy(() -> client.alloc("mute", QosSpec.RAW, Duration.ZERO));
		}
		client.close();
		return new WeakReference<>(client);
	}

	private static void await(CyclicBarrier barrier) {
		try {
			barrier.await(5, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
