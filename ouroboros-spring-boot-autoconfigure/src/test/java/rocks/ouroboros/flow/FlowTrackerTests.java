package rocks.ouroboros.flow;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import rocks.ouroboros.embedded.EmbeddedLayer;

import static org.assertj.core.api.Assertions.assertThat;

class FlowTrackerTests {

	@Test
	void aTrackerAddedAfterTheFlowWasReleasedIsToldOfTheCloseOnce() {
		try (EmbeddedLayer layer = EmbeddedLayer.create()) {
			Ouroboros server = layer.newProcess();
			Ouroboros client = layer.newProcess();
			server.bind("echo");
			CompletableFuture<Flow> accepted = CompletableFuture.supplyAsync(() -> server.accept(Duration.ofSeconds(10)));
			Flow flow = client.alloc("echo", QosSpec.RAW, Duration.ofSeconds(10));
			accepted.join();
			AtomicInteger before = new AtomicInteger();
			AtomicInteger after = new AtomicInteger();
			flow.addTracker(closeCounter(before));
			flow.close();
			flow.addTracker(closeCounter(after));
			assertThat(before).hasValue(1);
			assertThat(after).hasValue(1);
		}
	}

	private static FlowTracker closeCounter(AtomicInteger closes) {
		return new FlowTracker() {

			@Override
			public void flowClosed() {
				closes.incrementAndGet();
			}

		};
	}

}
