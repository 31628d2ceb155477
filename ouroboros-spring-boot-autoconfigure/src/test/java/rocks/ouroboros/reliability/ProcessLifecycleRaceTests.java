package rocks.ouroboros.reliability;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.ObjIntConsumer;

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
		try (EmbeddedLayer layer = EmbeddedLayer.create()) {
			int bindsWon = raceWithClose(layer, races, (process) -> process.bind("racy"), (process, race) -> {
				assertThat(process.isClosed()).isTrue();
				assertThat(layer.boundNames()).as("names bound after race %d", race).doesNotContainKey("racy");
				assertThat(process.boundNames()).isEmpty();
			});
			assertThat(layer.processCount()).isZero();
			System.out.printf("bind/close races: %d, bind first: %d%n", races, bindsWon);
		}
		ReliabilityFigures.add("bind/close races, no name left bound", races);
	}

	@Test
	void aFlowSetMadeWhileItsProcessClosesIsClosedWithIt() throws Exception {
		int races = Soak.size(3_000, 100_000);
		try (EmbeddedLayer layer = EmbeddedLayer.create()) {
			raceWithClose(layer, races, Ouroboros::newFlowSet, (process, race) -> assertThat(process.openFlowSetCount())
				.as("flow sets open after race %d", race)
				.isZero());
		}
		ReliabilityFigures.add("flow set/close races, no set left open", races);
	}

	/**
	 * Runs {@code action} on a new process while another thread closes it, {@code races} times,
	 * and checks each process once both are done.
	 * @return how often the action came first (did not see the process closed)
	 */
	private static int raceWithClose(EmbeddedLayer layer, int races, Consumer<Ouroboros> action,
			ObjIntConsumer<Ouroboros> check) throws InterruptedException {
		CyclicBarrier start = new CyclicBarrier(2);
		int actionFirst = 0;
		for (int race = 0; race < races; race++) {
			Ouroboros process = layer.newProcess("racer");
			Thread closer = new Thread(() -> {
				await(start);
				process.close();
			});
			closer.start();
			await(start);
			try {
				action.accept(process);
				actionFirst++;
			}
			catch (OuroborosUnavailableException closed) {
				// the close came first: documented
			}
			closer.join(5000);
			check.accept(process, race);
		}
		return actionFirst;
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
