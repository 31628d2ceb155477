package rocks.ouroboros.reliability;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import rocks.ouroboros.embedded.EmbeddedLayer;
import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowDownException;
import rocks.ouroboros.flow.FlowEvent;
import rocks.ouroboros.flow.FlowEventQueue;
import rocks.ouroboros.flow.FlowEventType;
import rocks.ouroboros.flow.FlowException;
import rocks.ouroboros.flow.FlowFlag;
import rocks.ouroboros.flow.FlowNotAllocatedException;
import rocks.ouroboros.flow.FlowPeerTimeoutException;
import rocks.ouroboros.flow.FlowSet;
import rocks.ouroboros.flow.FlowTimeoutException;
import rocks.ouroboros.flow.FlowWouldBlockException;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.OuroborosUnavailableException;
import rocks.ouroboros.flow.QosSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Faults at the flow level, as production meets them: a peer that deallocates mid-stream, a peer
 * that dies without a word, a consumer slower than its producer, and processes that close while
 * calls wait on them.
 */
@Timeout(60)
class FlowFaultTests {

	private static final int RING = 16;

	private final EmbeddedLayer layer = EmbeddedLayer.builder().ringCapacity(RING).build();

	private final Ouroboros server = this.layer.newProcess("server");

	private final Ouroboros client = this.layer.newProcess("client");

	FlowFaultTests() {
		this.server.bind("svc");
	}

	@AfterEach
	void closeLayerAndCheckNothingIsLeft() throws InterruptedException {
		this.layer.close();
		assertThat(this.server.openFlows()).isEmpty();
		assertThat(this.client.openFlows()).isEmpty();
		assertThat(EmbeddedThreads.alive()).isEmpty();
	}

	// ---------------------------------------------------------------- the peer deallocates

	@Test
	void aPeerThatDeallocatesMidStreamIsSeenByTheReaderAfterEveryPacketItSent() {
		Flow[] flows = connect(QosSpec.DATA);
		FlowSet set = this.server.newFlowSet();
		FlowEventQueue queue = this.server.newEventQueue();
		set.add(flows[1]);
		for (int i = 0; i < 10; i++) {
			flows[0].writeLine("packet " + i);
		}
		flows[0].close();
		for (int i = 0; i < 10; i++) {
			assertThat(flows[1].readLine()).isEqualTo("packet " + i);
		}
		assertThatExceptionOfType(FlowDownException.class).isThrownBy(() -> flows[1].read(64))
			.withMessageContaining("deallocated");
		assertThat(set.await(queue, Duration.ofSeconds(5))).isTrue();
		List<FlowEventType> events = new ArrayList<>();
		for (FlowEvent event = queue.next(); event != null; event = queue.next()) {
			events.add(event.type());
		}
		assertThat(events).endsWith(FlowEventType.DEALLOC).contains(FlowEventType.PACKET);
		assertThatExceptionOfType(FlowDownException.class).isThrownBy(() -> flows[1].writeLine("anyone?"));
		ReliabilityFigures.add("faults survived: peer deallocated mid-stream", 1);
	}

	@Test
	void aReadBlockedWithoutTimeoutIsWokenWhenThePeerDeallocates() throws Exception {
		Flow[] flows = connect(QosSpec.RAW);
		CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> failureOf(() -> flows[1].read(64)));
		awaitWaiting(flows[1]);
		flows[0].close();
		assertThat(reader.get(5, TimeUnit.SECONDS)).isInstanceOf(FlowDownException.class);
		ReliabilityFigures.add("faults survived: peer deallocated mid-stream", 1);
	}

	// ---------------------------------------------------------------- the peer stops answering

	@Test
	void aCrashedPeerIsReportedOnlyByItsPeerTimeoutAsEventAndOnReadAndWrite() throws Exception {
		Flow[] flows = connect(QosSpec.DATA.withPeerTimeout(Duration.ofMillis(300)));
		FlowSet set = this.server.newFlowSet();
		FlowEventQueue queue = this.server.newEventQueue();
		set.add(flows[1]);
		CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> failureOf(() -> flows[1].read(64)));
		awaitWaiting(flows[1]);
		this.layer.crash(this.client);
		// until the peer timeout runs out, the survivor sees no difference: writes go out
		flows[1].writeLine("still there?");
		assertThat(set.await(queue, Duration.ofSeconds(5))).isTrue();
		FlowEvent event = queue.next();
		assertThat(event).isNotNull();
		assertThat(event.type()).isEqualTo(FlowEventType.PEER);
		assertThat(event.flow()).isSameAs(flows[1]);
		assertThat(reader.get(5, TimeUnit.SECONDS)).isInstanceOf(FlowPeerTimeoutException.class)
			.hasMessageContaining("presumed dead");
		assertThatExceptionOfType(FlowPeerTimeoutException.class).isThrownBy(() -> flows[1].writeLine("hello?"));
		ReliabilityFigures.add("faults survived: peer crashed, found by its peer timeout", 1);
	}

	// ---------------------------------------------------------------- slow consumers

	@Test
	void aNonBlockingWriterToASlowConsumerIsToldToRetryAndItsByteBufferIsKeptForTheRetry() {
		Flow[] flows = connect(QosSpec.RAW);
		flows[0].setNonBlocking(true);
		for (int i = 0; i < RING; i++) {
			flows[0].write(ByteBuffer.wrap(("p" + i).getBytes(StandardCharsets.UTF_8)));
		}
		ByteBuffer last = ByteBuffer.wrap("last".getBytes(StandardCharsets.UTF_8));
		assertThatExceptionOfType(FlowWouldBlockException.class).isThrownBy(() -> flows[0].write(last))
			.withMessageContaining("write it again later");
		assertThat(last.remaining()).as("bytes left to retry").isEqualTo(4);
		assertThat(flows[1].readLine()).isEqualTo("p0");
		assertThat(flows[0].write(last)).isEqualTo(4);
		assertThat(last.hasRemaining()).isFalse();
		for (int i = 1; i < RING; i++) {
			assertThat(flows[1].readLine()).isEqualTo("p" + i);
		}
		assertThat(flows[1].readLine()).isEqualTo("last");
	}

	@Test
	void aBlockingWriterToASlowConsumerTimesOutAfterItsWriteTimeoutWithoutSending() {
		Flow[] flows = connect(QosSpec.RAW);
		for (int i = 0; i < RING; i++) {
			flows[0].writeLine("p" + i);
		}
		flows[0].setWriteTimeout(Duration.ofMillis(50));
		assertThatExceptionOfType(FlowTimeoutException.class).isThrownBy(() -> flows[0].writeLine("late"))
			.withMessageContaining("not sent");
		assertThat(flows[1].rxQueueLength()).isEqualTo(RING);
	}

	@Test
	void aBlockingWriterWithoutTimeoutWaitsForTheSlowConsumerAndLosesNothing() throws Exception {
		Flow[] flows = connect(QosSpec.DATA);
		int packets = Soak.size(20_000, 500_000);
		CompletableFuture<Integer> writer = CompletableFuture.supplyAsync(() -> {
			for (int i = 0; i < packets; i++) {
				flows[0].writeLine(Integer.toString(i));
			}
			return packets;
		});
		int received = 0;
		for (int i = 0; i < packets; i++) {
			if (i % 1000 == 0) {
				// let the ring fill up so that the writer has to wait
				awaitFull(flows[1]);
			}
			assertThat(flows[1].readLine()).isEqualTo(Integer.toString(i));
			received++;
		}
		assertThat(writer.get(30, TimeUnit.SECONDS)).isEqualTo(received);
		ReliabilityFigures.add("slow-consumer packets on a reliable QoS, none lost", received);
	}

	@Test
	void aNonBlockingWriterThatRetriesOnWouldBlockLosesNothingOnAReliableQos() throws Exception {
		Flow[] flows = connect(QosSpec.DATA);
		flows[0].setNonBlocking(true);
		int packets = Soak.size(20_000, 500_000);
		CompletableFuture<Integer> writer = CompletableFuture.supplyAsync(() -> {
			int retries = 0;
			ByteBuffer buffer = ByteBuffer.allocateDirect(16);
			for (int i = 0; i < packets; i++) {
				buffer.clear().putInt(i).putInt(~i).flip();
				while (true) {
					try {
						flows[0].write(buffer);
						break;
					}
					catch (FlowWouldBlockException full) {
						retries++;
						Thread.onSpinWait();
					}
				}
			}
			return retries;
		});
		ByteBuffer in = ByteBuffer.allocate(16);
		for (int i = 0; i < packets; i++) {
			in.clear();
			assertThat(flows[1].read(in)).isEqualTo(8);
			assertThat(in.getInt(0)).isEqualTo(i);
			assertThat(in.getInt(4)).isEqualTo(~i);
		}
		int retries = writer.get(30, TimeUnit.SECONDS);
		assertThat(flows[1].rxQueueLength()).isZero();
		ReliabilityFigures.add("slow-consumer packets on a reliable QoS, none lost", packets);
		ReliabilityFigures.add("writes told to retry (would block) and retried", retries);
	}

	// ---------------------------------------------------------------- processes that close

	@Test
	void closingTheServerWakesItsBlockedAcceptAndFailsAllocsWaitingForIt() throws Exception {
		Ouroboros mute = this.layer.newProcess("mute");
		mute.bind("mute");
		CompletableFuture<Throwable> alloc = CompletableFuture
			.supplyAsync(() -> failureOf(() -> this.client.alloc("mute", QosSpec.RAW, Duration.ofSeconds(30))));
		CompletableFuture<Throwable> accept = CompletableFuture.supplyAsync(() -> failureOf(() -> this.server.accept()));
		awaitWaitingAlloc();
		// the alloc is pending at the mute process; closing it must fail the alloc, not leave it to time out
		mute.close();
		this.server.close();
		assertThat(accept.get(5, TimeUnit.SECONDS)).isInstanceOf(OuroborosUnavailableException.class);
		Throwable failure = alloc.get(5, TimeUnit.SECONDS);
		assertThat(failure).isInstanceOfAny(FlowException.class);
		assertThat(this.client.openFlows()).isEmpty();
	}

	@Test
	void closingAFlowWakesItsBlockedReaderAndWriterAndFreesItsDescriptorForTheNextFlow() throws Exception {
		Flow[] flows = connect(QosSpec.RAW);
		for (int i = 0; i < RING; i++) {
			flows[1].writeLine("fill");
		}
		CountDownLatch started = new CountDownLatch(2);
		CompletableFuture<Throwable> writer = CompletableFuture.supplyAsync(() -> {
			started.countDown();
			return failureOf(() -> flows[1].writeLine("blocked"));
		});
		Flow[] other = connect(QosSpec.RAW);
		CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
			started.countDown();
			return failureOf(() -> other[1].read(64));
		});
		assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
		awaitWaiting(other[1]);
		int freed = flows[1].id();
		flows[1].close();
		other[1].close();
		assertThat(writer.get(5, TimeUnit.SECONDS)).isInstanceOf(FlowNotAllocatedException.class);
		assertThat(reader.get(5, TimeUnit.SECONDS)).isInstanceOf(FlowNotAllocatedException.class);
		Flow next = connect(QosSpec.RAW)[1];
		assertThat(next.id()).as("the lowest free descriptor is reused at once").isEqualTo(freed);
		assertThatExceptionOfType(FlowNotAllocatedException.class).isThrownBy(() -> flows[1].writeLine("stale"));
		assertThat(next.rxQueueLength()).isZero();
	}

	// ---------------------------------------------------------------- helpers

	private Flow[] connect(QosSpec qos) {
		CompletableFuture<Flow> accepted = CompletableFuture.supplyAsync(() -> this.server.accept(Duration.ofSeconds(5)));
		Flow flow = this.client.alloc("svc", qos, Duration.ofSeconds(5));
		return new Flow[] { flow, accepted.join() };
	}

	private static Throwable failureOf(Runnable call) {
		try {
			call.run();
		}
		catch (Throwable ex) {
			return ex;
		}
		throw new AssertionError("the call succeeded, a failure was expected");
	}

	/** Waits until a thread is parked in a call on the flow (its read or write is in progress). */
	private static void awaitWaiting(Flow flow) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (System.nanoTime() < deadline) {
			boolean parked = Thread.getAllStackTraces().entrySet().stream().anyMatch(e -> {
				Thread.State state = e.getKey().getState();
				return (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)
						&& java.util.Arrays.stream(e.getValue()).anyMatch(frame -> frame.getClassName().endsWith(".PacketRing")
								&& (frame.getMethodName().equals("take") || frame.getMethodName().equals("put")));
			});
			if (parked) {
				return;
			}
			Thread.sleep(5);
		}
		throw new AssertionError("no thread is waiting on " + flow);
	}

	private static void awaitFull(Flow reader) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (reader.rxQueueLength() < RING && System.nanoTime() < deadline) {
			Thread.sleep(1);
		}
	}

	private static void awaitWaitingAlloc() throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (System.nanoTime() < deadline) {
			boolean waiting = Thread.getAllStackTraces().values().stream()
				.anyMatch(stack -> java.util.Arrays.stream(stack).anyMatch(f -> f.getMethodName().equals("await")
						&& f.getClassName().endsWith("AllocRequest")));
			if (waiting) {
				return;
			}
			Thread.sleep(2);
		}
		throw new AssertionError("the alloc never started waiting");
	}

}
