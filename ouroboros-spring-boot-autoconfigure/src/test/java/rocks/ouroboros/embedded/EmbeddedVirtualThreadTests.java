package rocks.ouroboros.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.QosSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Blocking calls of the embedded layer park virtual threads instead of pinning their carriers:
 * far more readers than carriers can wait at once. Runs on Java 21 or newer (the build runs it
 * with the Temurin 25 JDK where one is installed).
 */
@Tag("virtual-threads")
@EnabledForJreRange(min = JRE.JAVA_21)
@Timeout(60)
class EmbeddedVirtualThreadTests {

	/**
	 * Reader {@code i} writes the packet of reader {@code i + 1}, and the readers start last first:
	 * if a blocked read pinned its carrier, the last readers would hold every carrier and the
	 * chain could never start.
	 */
	@Test
	void thousandsOfVirtualThreadsBlockInReadsWithoutHoldingTheirCarriers() throws Exception {
		int flows = 2000;
		try (Connected net = new Connected("vt")) {
			List<Flow[]> pairs = new ArrayList<>();
			for (int i = 0; i < flows; i++) {
				pairs.add(net.connect("vt"));
			}
			ExecutorService virtual = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor")
				.invoke(null);
			List<Future<String>> reads = new ArrayList<>();
			for (int i = flows - 1; i >= 0; i--) {
				int index = i;
				reads.add(0, virtual.submit(() -> {
					String line = pairs.get(index)[1].readLine();
					if (index + 1 < flows) {
						pairs.get(index + 1)[0].writeLine("packet " + (index + 1));
					}
					return line;
				}));
			}
			pairs.get(0)[0].writeLine("packet 0");
			for (int i = 0; i < flows; i++) {
				assertThat(reads.get(i).get(30, TimeUnit.SECONDS)).isEqualTo("packet " + i);
			}
			virtual.shutdown();
		}
	}

	@Test
	void anAcceptOnAVirtualThreadIsServed() throws Exception {
		try (EmbeddedLayer layer = EmbeddedLayer.create()) {
			var server = layer.newProcess();
			server.bind("vt");
			ExecutorService virtual = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor")
				.invoke(null);
			Future<Flow> accepted = virtual.submit(() -> server.accept(Duration.ofSeconds(10)));
			Flow client = CompletableFuture.supplyAsync(() -> layer.newProcess().alloc("vt", QosSpec.RAW, Duration.ofSeconds(10)))
				.get(10, TimeUnit.SECONDS);
			assertThat(accepted.get(10, TimeUnit.SECONDS).name()).isEqualTo("vt");
			assertThat(client.isAllocated()).isTrue();
			virtual.shutdown();
		}
	}

}
