package rocks.ouroboros.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.QosSpec;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class EmbeddedConcurrencyTests {

	@Test
	void thousandsOfConcurrentFlowsOpenAndCloseLeavingNothingBehind() throws Exception {
		int clients = 8;
		int flowsPerClient = 500;
		try (EmbeddedLayer layer = EmbeddedLayer.create()) {
			Ouroboros server = layer.newProcess("server");
			server.bind("echo");
			Thread acceptor = new Thread(() -> {
				try {
					while (true) {
						Flow flow = server.accept();
						flow.write(flow.read(64));
						flow.close();
					}
				}
				catch (RuntimeException closed) {
					// the process was closed: done
				}
			});
			acceptor.start();
			List<Ouroboros> processes = new ArrayList<>();
			ExecutorService pool = Executors.newFixedThreadPool(clients);
			List<Future<Integer>> results = new ArrayList<>();
			for (int c = 0; c < clients; c++) {
				Ouroboros client = layer.newProcess("client" + c);
				processes.add(client);
				results.add(pool.submit(() -> {
					List<Flow> open = new ArrayList<>();
					int echoed = 0;
					for (int i = 0; i < flowsPerClient; i++) {
						Flow flow = client.alloc("echo", QosSpec.RAW, Duration.ofSeconds(10));
						flow.writeLine("n" + i);
						if (("n" + i).equals(flow.readLine())) {
							echoed++;
						}
						open.add(flow);
					}
					open.forEach(Flow::close);
					return echoed;
				}));
			}
			int echoed = 0;
			for (Future<Integer> result : results) {
				echoed += result.get(50, TimeUnit.SECONDS);
			}
			pool.shutdown();
			assertThat(echoed).isEqualTo(clients * flowsPerClient);
			for (Ouroboros client : processes) {
				assertThat(client.openFlows()).isEmpty();
				assertThat(((EmbeddedProcess) client).descriptorsInUse()).isZero();
			}
			server.close();
			acceptor.join(5000);
			assertThat(acceptor.isAlive()).isFalse();
			assertThat(((EmbeddedProcess) server).descriptorsInUse()).isZero();
		}
	}

	@Test
	void writersOnManyThreadsLoseNothingOnOneFlow() throws Exception {
		try (Connected net = new Connected("sink")) {
			Flow[] flows = net.connect("sink");
			int writers = 4;
			int packets = 20_000;
			ExecutorService pool = Executors.newFixedThreadPool(writers);
			for (int w = 0; w < writers; w++) {
				pool.submit(() -> {
					for (int i = 0; i < packets; i++) {
						flows[0].write(new byte[16]);
					}
				});
			}
			byte[] buffer = new byte[64];
			for (int i = 0; i < writers * packets; i++) {
				assertThat(flows[1].read(buffer)).isEqualTo(16);
			}
			pool.shutdown();
			assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
			assertThat(flows[1].rxQueueLength()).isZero();
		}
	}

}
