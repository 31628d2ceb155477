package rocks.ouroboros.embedded;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowDownException;
import rocks.ouroboros.flow.FlowFlag;
import rocks.ouroboros.flow.FlowNotAllocatedException;
import rocks.ouroboros.flow.FlowPermissionException;
import rocks.ouroboros.flow.FlowRole;
import rocks.ouroboros.flow.FlowTimeoutException;
import rocks.ouroboros.flow.FlowWouldBlockException;
import rocks.ouroboros.flow.FrctFlag;
import rocks.ouroboros.flow.MessageTooLargeException;
import rocks.ouroboros.flow.OuroborosUnavailableException;
import rocks.ouroboros.flow.QosSpec;
import rocks.ouroboros.flow.UnknownNameException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

@Timeout(30)
class EmbeddedFlowTests {

	private final Connected net = new Connected("oecho");

	@AfterEach
	void close() {
		this.net.close();
	}

	@Test
	void allocToAnUnknownNameFailsWithItsName() {
		assertThatExceptionOfType(UnknownNameException.class).isThrownBy(() -> this.net.client.alloc("nobody"))
			.withMessageContaining("'nobody'")
			.satisfies(ex -> assertThat(ex.name()).isEqualTo("nobody"));
	}

	@Test
	void allocToABoundNameNobodyAcceptsTimesOut() {
		assertThatExceptionOfType(FlowTimeoutException.class)
			.isThrownBy(() -> this.net.client.alloc("oecho", QosSpec.RAW, Duration.ofMillis(100)))
			.withMessageContaining("'oecho'");
		assertThat(this.net.client.openFlows()).isEmpty();
	}

	@Test
	void allocThatTimedOutIsNotAcceptedLater() {
		assertThatExceptionOfType(FlowTimeoutException.class)
			.isThrownBy(() -> this.net.client.alloc("oecho", QosSpec.RAW, Duration.ofMillis(50)));
		assertThatExceptionOfType(FlowTimeoutException.class)
			.isThrownBy(() -> this.net.server.accept(Duration.ofMillis(50)));
	}

	@Test
	void acceptWithoutAllocTimesOut() {
		assertThatExceptionOfType(FlowTimeoutException.class)
			.isThrownBy(() -> this.net.server.accept(Duration.ofMillis(50)));
	}

	@Test
	void acceptedFlowKnowsTheNameRoleAndQosOfTheAlloc() {
		Flow[] flows = this.net.connect("oecho", QosSpec.VOICE);
		assertThat(flows[0].role()).isEqualTo(FlowRole.CLIENT);
		assertThat(flows[1].role()).isEqualTo(FlowRole.SERVER);
		assertThat(flows[1].name()).isEqualTo("oecho");
		assertThat(flows[1].qos()).isEqualTo(QosSpec.VOICE);
		assertThat(flows[0].qos()).isEqualTo(QosSpec.VOICE);
	}

	@Test
	void packetsKeepTheirBoundaries() {
		Flow[] flows = this.net.connect("oecho");
		flows[0].write("one".getBytes(StandardCharsets.UTF_8));
		flows[0].write("two".getBytes(StandardCharsets.UTF_8));
		byte[] buffer = new byte[100];
		assertThat(flows[1].read(buffer)).isEqualTo(3);
		assertThat(flows[1].read(100)).asString().isEqualTo("two");
		assertThat(flows[1].rxQueueLength()).isZero();
	}

	@Test
	void echoRoundTripCarriesBytesUnchanged() {
		Flow[] flows = this.net.connect("oecho");
		byte[] packet = new byte[1400];
		for (int i = 0; i < packet.length; i++) {
			packet[i] = (byte) i;
		}
		flows[0].write(packet);
		flows[1].write(flows[1].read(2048));
		assertThat(flows[0].read(2048)).isEqualTo(packet);
	}

	@Test
	void writeOfACountSendsOnlyThoseBytes() {
		Flow[] flows = this.net.connect("oecho");
		flows[0].write("hello world".getBytes(StandardCharsets.UTF_8), 5);
		assertThat(flows[1].readLine()).isEqualTo("hello");
	}

	@Test
	void byteBuffersHeapAndDirectAreReadAndWritten() {
		Flow[] flows = this.net.connect("oecho");
		ByteBuffer out = ByteBuffer.allocateDirect(16).put("direct".getBytes(StandardCharsets.UTF_8)).flip();
		assertThat(flows[0].write(out)).isEqualTo(6);
		assertThat(out.hasRemaining()).isFalse();
		flows[0].write(ByteBuffer.wrap("heap".getBytes(StandardCharsets.UTF_8)));
		ByteBuffer in = ByteBuffer.allocate(32);
		assertThat(flows[1].read(in)).isEqualTo(6);
		assertThat(flows[1].read(in)).isEqualTo(4);
		assertThat(new String(in.array(), 0, in.position(), StandardCharsets.UTF_8)).isEqualTo("directheap");
	}

	@Test
	void readLineDropsTrailingNulsAndOneLineBreakAsCToolsSendThem() {
		Flow[] flows = this.net.connect("oecho");
		flows[0].write("Client says hi!\0".getBytes(StandardCharsets.UTF_8));
		flows[0].write("line\r\n".getBytes(StandardCharsets.UTF_8));
		assertThat(flows[1].readLine()).isEqualTo("Client says hi!");
		assertThat(flows[1].readLine()).isEqualTo("line");
	}

	@Test
	void writeLineWithALimitCutsAtAWholeCharacter() {
		Flow[] flows = this.net.connect("oecho");
		assertThat(flows[0].writeLine("héllo", 2)).isEqualTo(1);
		assertThat(flows[0].writeLine("héllo", 3)).isEqualTo(3);
		assertThat(flows[1].readLine()).isEqualTo("h");
		assertThat(flows[1].readLine()).isEqualTo("hé");
	}

	@Test
	void readTimesOutAfterTheReadTimeout() {
		Flow[] flows = this.net.connect("oecho");
		flows[1].setReadTimeout(Duration.ofMillis(50));
		assertThatExceptionOfType(FlowTimeoutException.class).isThrownBy(() -> flows[1].read(10))
			.withMessageContaining("read timeout");
		assertThat(flows[1].isAllocated()).isTrue();
	}

	@Test
	void timeoutsAreNoneUntilSetAndCanBeClearedAgain() {
		Flow flow = this.net.connect("oecho")[0];
		assertThat(flow.readTimeout()).isEmpty();
		assertThat(flow.writeTimeout()).isEmpty();
		flow.setReadTimeout(Duration.ofSeconds(2));
		flow.setWriteTimeout(Duration.ZERO);
		assertThat(flow.readTimeout()).contains(Duration.ofSeconds(2));
		assertThat(flow.writeTimeout()).contains(Duration.ZERO);
		flow.setReadTimeout(null);
		assertThat(flow.readTimeout()).isEmpty();
		assertThatIllegalArgumentException().isThrownBy(() -> flow.setReadTimeout(Duration.ofMillis(-1)))
			.withMessageContaining("negative");
	}

	@Test
	void nonBlockingReadOfAnEmptyFlowReturnsNothingAtOnce() {
		Flow flow = this.net.connect("oecho")[1];
		flow.setNonBlocking(true);
		assertThat(flow.read(new byte[10])).isEqualTo(-1);
		assertThat(flow.read(ByteBuffer.allocate(10))).isEqualTo(-1);
		assertThat(flow.read(10)).isNull();
		assertThat(flow.readLine()).isNull();
	}

	@Test
	void aPacketLargerThanTheBufferIsReadInPartsWithNothingLost() {
		Flow[] flows = this.net.connect("oecho");
		byte[] packet = new byte[100];
		packet[99] = 42;
		flows[0].write(packet);
		flows[0].write(new byte[] { 7 });
		byte[] small = new byte[40];
		assertThat(flows[1].read(small)).isEqualTo(40);
		assertThat(flows[1].read(small)).isEqualTo(40);
		assertThat(flows[1].read(small)).isEqualTo(20);
		assertThat(small[19]).isEqualTo((byte) 42);
		assertThat(flows[1].read(small)).isEqualTo(1);
	}

	@Test
	void aPacketEndingExactlyAtTheEndOfAPartIsFollowedByTheEndMark() {
		Flow[] flows = this.net.connect("oecho");
		flows[0].write(new byte[80]);
		assertThat(flows[1].read(new byte[40])).isEqualTo(40);
		assertThat(flows[1].read(new byte[40])).isEqualTo(40);
		assertThat(flows[1].read(new byte[40])).isZero();
	}

	@Test
	void readThatExactlyFillsTheBufferIsFollowedByAnEmptyReadMarkingTheEnd() {
		Flow[] flows = this.net.connect("oecho");
		flows[0].write(new byte[64]);
		flows[0].write(new byte[10]);
		assertThat(flows[1].read(new byte[64])).isEqualTo(64);
		assertThat(flows[1].read(new byte[64])).isZero();
		assertThat(flows[1].read(new byte[64])).isEqualTo(10);
	}

	@Test
	void readOfACountReadsLongerPacketsInPartsAndSkipsTheEndMark() {
		Flow[] flows = this.net.connect("oecho");
		flows[0].writeLine("exactly");
		flows[0].writeLine("much longer");
		flows[0].writeLine("next");
		assertThat(flows[1].read(7)).asString().isEqualTo("exactly");
		assertThat(flows[1].readLine(4)).isEqualTo("much");
		assertThat(flows[1].readLine(4)).isEqualTo(" lon");
		assertThat(flows[1].readLine()).isEqualTo("ger");
		assertThat(flows[1].readLine()).isEqualTo("next");
	}

	@Test
	void readOfACountWithoutPartialReadsRefusesALongerPacket() {
		Flow[] flows = this.net.connect("oecho");
		flows[1].setFlags(EnumSet.of(FlowFlag.READ_NO_PARTIAL));
		flows[0].writeLine("12345");
		flows[0].writeLine("123456");
		flows[0].writeLine("ok");
		assertThat(flows[1].readLine(5)).isEqualTo("12345");
		assertThatExceptionOfType(MessageTooLargeException.class).isThrownBy(() -> flows[1].readLine(5))
			.withMessageContaining("READ_NO_PARTIAL");
		assertThat(flows[1].readLine(5)).isEqualTo("ok");
	}

	@Test
	void withoutPartialReadsAPacketThatFillsTheBufferIsNotFollowedByTheEndMark() {
		Flow[] flows = this.net.connect("oecho");
		flows[1].setFlags(EnumSet.of(FlowFlag.READ_NO_PARTIAL));
		flows[0].write("four".getBytes(StandardCharsets.US_ASCII));
		flows[0].write("next".getBytes(StandardCharsets.US_ASCII));
		byte[] buffer = new byte[4];
		assertThat(flows[1].read(buffer)).isEqualTo(4);
		assertThat(flows[1].read(buffer)).isEqualTo(4);
		assertThat(new String(buffer, StandardCharsets.US_ASCII)).isEqualTo("next");
	}

	@Test
	void aZeroLengthWriteSendsNothingAsUpstream() {
		Flow[] flows = this.net.connect("oecho");
		assertThat(flows[0].write(new byte[0])).isZero();
		flows[0].writeLine("after");
		assertThat(flows[1].rxQueueLength()).isEqualTo(1);
		assertThat(flows[1].readLine()).isEqualTo("after");
	}

	@Test
	void readIntoATooSmallBufferWithoutPartialReadsFailsAndDropsThePacket() {
		Flow[] flows = this.net.connect("oecho");
		flows[1].setFlags(EnumSet.of(FlowFlag.READ_NO_PARTIAL));
		flows[0].write(new byte[100]);
		flows[0].write(new byte[5]);
		assertThatExceptionOfType(MessageTooLargeException.class).isThrownBy(() -> flows[1].read(new byte[40]))
			.withMessageContaining("100 bytes")
			.satisfies(ex -> assertThat(ex.size()).isEqualTo(100));
		assertThat(flows[1].read(new byte[40])).isEqualTo(5);
	}

	@Test
	void writeOfAnOversizePacketFailsNamingBothSizes() {
		try (EmbeddedLayer small = EmbeddedLayer.builder().maxPacketSize(1000).build()) {
			var server = small.newProcess();
			server.bind("s");
			var accepted = CompletableFuture.supplyAsync(() -> server.accept(Duration.ofSeconds(5)));
			Flow flow = small.newProcess().alloc("s", QosSpec.RAW, Duration.ofSeconds(5));
			accepted.join();
			assertThat(flow.write(new byte[1000])).isEqualTo(1000);
			assertThatExceptionOfType(MessageTooLargeException.class).isThrownBy(() -> flow.write(new byte[1001]))
				.withMessageContaining("1001")
				.withMessageContaining("1000")
				.satisfies(ex -> assertThat(ex.limit()).isEqualTo(1000));
		}
	}

	@Test
	void defaultMaxPacketSizeIsUpstreams() {
		Flow[] flows = this.net.connect("oecho");
		assertThatExceptionOfType(MessageTooLargeException.class)
			.isThrownBy(() -> flows[0].write(new byte[EmbeddedLayer.DEFAULT_MAX_PACKET_SIZE + 1]));
	}

	@Test
	void useAfterCloseFailsAndCloseTwiceIsHarmless() {
		Flow flow = this.net.connect("oecho")[0];
		flow.close();
		flow.close();
		flow.dealloc();
		assertThat(flow.isAllocated()).isFalse();
		assertThatExceptionOfType(FlowNotAllocatedException.class).isThrownBy(() -> flow.write(new byte[1]))
			.withMessageContaining("deallocated");
		assertThatExceptionOfType(FlowNotAllocatedException.class).isThrownBy(() -> flow.read(1));
		assertThatExceptionOfType(FlowNotAllocatedException.class).isThrownBy(flow::qos);
	}

	@Test
	void aClosedHandleNeverReachesANewerFlowWithTheSameDescriptor() {
		Flow[] first = this.net.connect("oecho");
		int id = first[0].id();
		first[0].close();
		Flow[] second = this.net.connect("oecho");
		assertThat(second[0].id()).isEqualTo(id);
		assertThatExceptionOfType(FlowNotAllocatedException.class).isThrownBy(() -> first[0].write(new byte[1]));
		assertThat(second[1].rxQueueLength()).isZero();
		second[0].writeLine("new");
		assertThatExceptionOfType(FlowNotAllocatedException.class).isThrownBy(() -> first[0].read(10));
		assertThat(second[1].readLine()).isEqualTo("new");
	}

	@Test
	void closeWakesABlockedReaderWithAClearException() throws Exception {
		Flow flow = this.net.connect("oecho")[1];
		CountDownLatch reading = new CountDownLatch(1);
		CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
			reading.countDown();
			try {
				flow.read(10);
				return null;
			}
			catch (Throwable ex) {
				return ex;
			}
		});
		reading.await();
		Thread.sleep(50);
		flow.close();
		assertThat(reader.get(5, TimeUnit.SECONDS)).isInstanceOf(FlowNotAllocatedException.class);
	}

	@Test
	void peerDeallocLetsTheReaderDrainThenReportsTheFlowDown() {
		Flow[] flows = this.net.connect("oecho");
		flows[0].writeLine("last words");
		flows[0].close();
		assertThat(flows[1].readLine()).isEqualTo("last words");
		assertThatExceptionOfType(FlowDownException.class).isThrownBy(() -> flows[1].read(10))
			.withMessageContaining("peer deallocated");
		assertThatExceptionOfType(FlowDownException.class).isThrownBy(() -> flows[1].writeLine("anyone?"));
	}

	@Test
	void aFullPeerBlocksTheWriterUntilItsTimeoutOrFailsANonBlockingWrite() {
		Flow[] flows = this.net.connect("oecho");
		for (int i = 0; i < EmbeddedLayer.DEFAULT_RING_CAPACITY; i++) {
			flows[0].write(new byte[] { (byte) i });
		}
		assertThat(flows[1].rxQueueLength()).isEqualTo(1024);
		assertThat(flows[0].txQueueLength()).isEqualTo(1024);
		flows[0].setWriteTimeout(Duration.ofMillis(50));
		assertThatExceptionOfType(FlowTimeoutException.class).isThrownBy(() -> flows[0].write(new byte[1]))
			.withMessageContaining("not sent");
		flows[0].setNonBlocking(true);
		assertThatExceptionOfType(FlowWouldBlockException.class).isThrownBy(() -> flows[0].write(new byte[1]))
			.withMessageContaining("not sent");
		assertThat(flows[1].read(1)).containsExactly(0);
		assertThat(flows[0].write(new byte[1])).isEqualTo(1);
	}

	@Test
	void queueLengthsCountUnreadPackets() {
		Flow[] flows = this.net.connect("oecho");
		for (int i = 0; i < 7; i++) {
			flows[0].write(new byte[8]);
		}
		assertThat(flows[1].rxQueueLength()).isEqualTo(7);
		assertThat(flows[0].txQueueLength()).isEqualTo(7);
		assertThat(flows[0].rxQueueLength()).isZero();
		flows[1].read(8);
		assertThat(flows[1].rxQueueLength()).isEqualTo(6);
	}

	@Test
	void newFlowsAreReadWriteWithWholeWrites() {
		Flow flow = this.net.connect("oecho")[0];
		assertThat(flow.flags()).containsExactlyInAnyOrder(FlowFlag.READ_WRITE, FlowFlag.WRITE_NO_PARTIAL);
	}

	@Test
	void settingFlagsWithoutAnAccessModeKeepsTheAccessMode() {
		Flow[] flows = this.net.connect("oecho");
		flows[0].setFlags(EnumSet.of(FlowFlag.READ_NONBLOCK));
		assertThat(flows[0].flags()).containsExactlyInAnyOrder(FlowFlag.READ_WRITE, FlowFlag.READ_NONBLOCK);
		assertThat(flows[0].write(new byte[1])).isEqualTo(1);
	}

	@Test
	void twoAccessModesAreRejected() {
		Flow flow = this.net.connect("oecho")[0];
		assertThatIllegalArgumentException()
			.isThrownBy(() -> flow.setFlags(EnumSet.of(FlowFlag.READ_ONLY, FlowFlag.WRITE_ONLY)))
			.withMessageContaining("access modes");
	}

	@Test
	void aReadOnlyFlowRefusesWritesAndAWriteOnlyFlowRefusesReads() {
		Flow[] flows = this.net.connect("oecho");
		flows[0].setFlags(EnumSet.of(FlowFlag.READ_ONLY));
		flows[1].setFlags(EnumSet.of(FlowFlag.WRITE_ONLY));
		assertThatExceptionOfType(FlowPermissionException.class).isThrownBy(() -> flows[0].write(new byte[1]))
			.withMessageContaining("read-only");
		assertThatExceptionOfType(FlowPermissionException.class).isThrownBy(() -> flows[1].read(1))
			.withMessageContaining("write-only");
	}

	@Test
	void aFlowMarkedDownStopsWritesBothWays() {
		Flow[] flows = this.net.connect("oecho");
		flows[0].setFlags(EnumSet.of(FlowFlag.READ_WRITE, FlowFlag.DOWN));
		assertThat(flows[0].flags()).contains(FlowFlag.DOWN);
		assertThatExceptionOfType(FlowDownException.class).isThrownBy(() -> flows[1].write(new byte[1]));
		assertThatExceptionOfType(FlowDownException.class).isThrownBy(() -> flows[0].write(new byte[1]));
		flows[0].setFlags(EnumSet.of(FlowFlag.READ_WRITE));
		assertThat(flows[1].write(new byte[1])).isEqualTo(1);
	}

	@Test
	void frctFlagsExistOnlyWithFrctAndCanOnlyBeCleared() {
		Flow raw = this.net.connect("oecho", QosSpec.RAW)[0];
		assertThatExceptionOfType(FlowPermissionException.class).isThrownBy(raw::frctFlags)
			.withMessageContaining("inOrder");
		Flow reliable = this.net.connect("oecho", QosSpec.DATA)[0];
		assertThat(reliable.frctFlags()).contains(FrctFlag.RETRANSMIT, FrctFlag.RESOURCE_CONTROL);
		reliable.setFrctFlags(EnumSet.of(FrctFlag.RESOURCE_CONTROL));
		assertThat(reliable.frctFlags()).containsExactly(FrctFlag.RESOURCE_CONTROL);
		assertThatIllegalArgumentException().isThrownBy(() -> reliable.setFrctFlags(EnumSet.of(FrctFlag.RETRANSMIT)))
			.withMessageContaining("only be cleared");
		Flow inOrder = this.net.connect("oecho", QosSpec.BEST_EFFORT)[0];
		assertThat(inOrder.frctFlags()).doesNotContain(FrctFlag.RETRANSMIT);
	}

	@Test
	void closingTheProcessClosesItsFlowsAndWakesItsAccept() throws Exception {
		Flow[] flows = this.net.connect("oecho");
		CompletableFuture<Throwable> accept = CompletableFuture.supplyAsync(() -> {
			try {
				this.net.server.accept();
				return null;
			}
			catch (Throwable ex) {
				return ex;
			}
		});
		Thread.sleep(50);
		this.net.server.close();
		assertThat(accept.get(5, TimeUnit.SECONDS)).isInstanceOf(OuroborosUnavailableException.class);
		assertThat(flows[1].isAllocated()).isFalse();
		assertThat(this.net.server.openFlows()).isEmpty();
		assertThatExceptionOfType(FlowDownException.class).isThrownBy(() -> flows[0].read(1));
		assertThatExceptionOfType(OuroborosUnavailableException.class)
			.isThrownBy(() -> this.net.server.bind("again"))
			.withMessageContaining("closed");
	}

	@Test
	void allocsSpreadOverTheProcessesBoundToAName() throws Exception {
		var second = this.net.layer.newProcess("server2");
		second.bind("oecho");
		var a = CompletableFuture.supplyAsync(() -> this.net.server.accept(Duration.ofSeconds(5)));
		var b = CompletableFuture.supplyAsync(() -> second.accept(Duration.ofSeconds(5)));
		this.net.client.alloc("oecho", QosSpec.RAW, Duration.ofSeconds(5));
		this.net.client.alloc("oecho", QosSpec.RAW, Duration.ofSeconds(5));
		assertThat(a.get(5, TimeUnit.SECONDS).owner()).isSameAs(this.net.server);
		assertThat(b.get(5, TimeUnit.SECONDS).owner()).isSameAs(second);
	}

	@Test
	void aProcessRunsOutOfDescriptorsWithAClearMessageAndRecovers() {
		try (EmbeddedLayer tiny = EmbeddedLayer.builder().maxFlowsPerProcess(2).build()) {
			tiny.createBroadcastLayer("bc");
			var process = tiny.newProcess();
			Flow one = process.join("bc");
			process.join("bc");
			assertThatExceptionOfType(rocks.ouroboros.flow.FlowException.class).isThrownBy(() -> process.join("bc"))
				.withMessageContaining("2 flows open");
			one.close();
			assertThat(process.join("bc").id()).isEqualTo(one.id());
		}
	}

}
