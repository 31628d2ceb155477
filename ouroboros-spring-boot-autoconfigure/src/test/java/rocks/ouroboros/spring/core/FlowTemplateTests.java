package rocks.ouroboros.spring.core;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import rocks.ouroboros.embedded.EmbeddedLayer;
import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowException;
import rocks.ouroboros.flow.MessageTooLargeException;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.QosSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FlowTemplateTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private final EmbeddedLayer layer = EmbeddedLayer.create();

	private final Ouroboros server = this.layer.newProcess("server");

	private final Ouroboros client = this.layer.newProcess("client");

	@AfterEach
	void close() {
		this.layer.close();
	}

	/** Serves one flow on another thread: answers its first packet with {@code reply}. */
	private void serveOnce(Function<byte[], byte[]> reply) {
		this.server.bind("svc");
		Thread thread = new Thread(() -> {
			try (Flow flow = this.server.accept(WAIT)) {
				flow.setReadTimeout(WAIT);
				byte[] request = flow.read(2 * 1024 * 1024);
				flow.write(reply.apply(request));
			}
			catch (FlowException ex) {
				// the client left first: some tests do not wait for the reply
			}
		});
		thread.setDaemon(true);
		thread.start();
	}

	private FlowTemplate template(int maxReplyBytes) {
		return new FlowTemplate(new FlowFactory(this.client, "svc", QosSpec.RAW, WAIT, WAIT, WAIT, Set.of()),
				maxReplyBytes);
	}

	@Test
	void aRequestGetsTheWholeReplyUpToTheLimit() {
		byte[] big = new byte[64 * 1024];
		Arrays.fill(big, (byte) 7);
		serveOnce((request) -> big);
		assertThat(template(64 * 1024).request(new byte[] { 1 })).isEqualTo(big);
	}

	@Test
	void aReplyLongerThanTheLimitFailsInsteadOfArrivingCut() {
		serveOnce((request) -> new byte[101]);
		assertThatExceptionOfType(MessageTooLargeException.class).isThrownBy(() -> template(100).request(new byte[1]))
			.withMessageContaining("longer than 100 bytes");
	}

	@Test
	void aLineRequestDropsTheTrailingNulAndLineBreakOfTheReply() {
		serveOnce((request) -> "pong\n\0".getBytes(java.nio.charset.StandardCharsets.UTF_8));
		assertThat(template(100).requestLine("ping")).isEqualTo("pong");
	}

	@Test
	void executeDeallocatesTheFlowWhenTheCallbackThrows() {
		serveOnce((request) -> request);
		Flow[] used = new Flow[1];
		assertThatExceptionOfType(FlowException.class).isThrownBy(() -> template(100).execute((flow) -> {
			used[0] = flow;
			throw new java.io.IOException("checked failure");
		})).withMessageContaining("checked failure");
		assertThat(used[0].isAllocated()).isFalse();
		assertThat(this.client.openFlows()).isEmpty();
	}

	@Test
	void sendWritesOnePacketAndDeallocates() throws InterruptedException {
		BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
		serveOnce((request) -> {
			received.add(request);
			return new byte[] { 0 };
		});
		template(100).send(new byte[] { 4, 2 });
		assertThat(received.poll(5, TimeUnit.SECONDS)).containsExactly(4, 2);
		assertThat(this.client.openFlows()).isEmpty();
	}

}
