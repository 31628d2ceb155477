package rocks.ouroboros.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowEvent;
import rocks.ouroboros.flow.FlowEventQueue;
import rocks.ouroboros.flow.FlowEventType;
import rocks.ouroboros.flow.FlowException;
import rocks.ouroboros.flow.FlowFlag;
import rocks.ouroboros.flow.FlowPeerTimeoutException;
import rocks.ouroboros.flow.FlowPermissionException;
import rocks.ouroboros.flow.FlowSet;
import rocks.ouroboros.flow.QosSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

@Timeout(30)
class EmbeddedEventTests {

	private final Connected net = new Connected("oecho");

	@AfterEach
	void close() {
		this.net.close();
	}

	private static List<FlowEvent> drain(FlowEventQueue queue) {
		List<FlowEvent> events = new ArrayList<>();
		FlowEvent event;
		while ((event = queue.next()) != null) {
			events.add(event);
		}
		return events;
	}

	@Test
	void eachPacketPostsOnePacketEvent() {
		Flow[] flows = this.net.connect("oecho");
		FlowSet set = this.net.server.newFlowSet();
		FlowEventQueue queue = this.net.server.newEventQueue();
		set.add(flows[1]);
		flows[0].write(new byte[1]);
		flows[0].write(new byte[2]);
		assertThat(set.await(queue, Duration.ofSeconds(5))).isTrue();
		assertThat(drain(queue)).containsExactly(new FlowEvent(flows[1], FlowEventType.PACKET),
				new FlowEvent(flows[1], FlowEventType.PACKET));
	}

	@Test
	void addingAFlowWithQueuedPacketsPostsThemAtOnce() {
		Flow[] flows = this.net.connect("oecho");
		flows[0].write(new byte[1]);
		flows[0].write(new byte[1]);
		FlowSet set = this.net.server.newFlowSet();
		FlowEventQueue queue = this.net.server.newEventQueue();
		set.add(flows[1]);
		assertThat(set.await(queue, Duration.ZERO)).isTrue();
		assertThat(drain(queue)).hasSize(2).allMatch(e -> e.type() == FlowEventType.PACKET);
	}

	@Test
	void awaitWithNothingHappeningTimesOutWithFalse() {
		Flow[] flows = this.net.connect("oecho");
		FlowSet set = this.net.server.newFlowSet();
		FlowEventQueue queue = this.net.server.newEventQueue();
		set.add(flows[1]);
		assertThat(set.await(queue, Duration.ofMillis(30))).isFalse();
		assertThat(queue.next()).isNull();
	}

	@Test
	void peerDeallocPostsADeallocEvent() {
		Flow[] flows = this.net.connect("oecho");
		FlowSet set = this.net.server.newFlowSet();
		FlowEventQueue queue = this.net.server.newEventQueue();
		set.add(flows[1]);
		flows[0].close();
		assertThat(set.await(queue, Duration.ofSeconds(5))).isTrue();
		assertThat(drain(queue)).containsExactly(new FlowEvent(flows[1], FlowEventType.DEALLOC));
	}

	@Test
	void thePeerMarkingTheFlowDownAndUpPostsDownAndUp() {
		Flow[] flows = this.net.connect("oecho");
		FlowSet set = this.net.server.newFlowSet();
		FlowEventQueue queue = this.net.server.newEventQueue();
		set.add(flows[1]);
		flows[0].setFlags(EnumSet.of(FlowFlag.DOWN));
		flows[0].setFlags(EnumSet.noneOf(FlowFlag.class));
		assertThat(set.await(queue, Duration.ofSeconds(5))).isTrue();
		assertThat(drain(queue)).extracting(FlowEvent::type).containsExactly(FlowEventType.DOWN, FlowEventType.UP);
	}

	@Test
	void aCrashedPeerIsReportedAfterThePeerTimeoutAsEventAndOnRead() {
		Flow[] flows = this.net.connect("oecho", QosSpec.RAW.withPeerTimeout(Duration.ofMillis(100)));
		FlowSet set = this.net.server.newFlowSet();
		FlowEventQueue queue = this.net.server.newEventQueue();
		set.add(flows[1]);
		this.net.layer.crash(this.net.client);
		assertThat(set.await(queue, Duration.ofSeconds(5))).isTrue();
		assertThat(drain(queue)).containsExactly(new FlowEvent(flows[1], FlowEventType.PEER));
		assertThatExceptionOfType(FlowPeerTimeoutException.class).isThrownBy(() -> flows[1].read(10))
			.withMessageContaining("presumed dead");
	}

	@Test
	void aCrashedPeerWithoutPeerTimeoutIsNeverReportedSoReadsTimeOut() {
		Flow[] flows = this.net.connect("oecho", QosSpec.RAW.withPeerTimeout(Duration.ZERO));
		this.net.layer.crash(this.net.client);
		flows[1].setReadTimeout(Duration.ofMillis(150));
		assertThatExceptionOfType(rocks.ouroboros.flow.FlowTimeoutException.class)
			.isThrownBy(() -> flows[1].read(10));
	}

	@Test
	void aFlowBelongsToOneSetAtMost() {
		Flow flow = this.net.connect("oecho")[1];
		FlowSet first = this.net.server.newFlowSet();
		FlowSet second = this.net.server.newFlowSet();
		first.add(flow);
		first.add(flow);
		assertThatExceptionOfType(FlowPermissionException.class).isThrownBy(() -> second.add(flow))
			.withMessageContaining("at most one");
		first.remove(flow);
		second.add(flow);
		assertThat(second.contains(flow)).isTrue();
		assertThat(first.contains(flow)).isFalse();
	}

	@Test
	void removeAndClearStopEventsAndAClosedFlowLeavesItsSet() {
		Flow[] a = this.net.connect("oecho");
		Flow[] b = this.net.connect("oecho");
		FlowSet set = this.net.server.newFlowSet();
		FlowEventQueue queue = this.net.server.newEventQueue();
		set.add(a[1]);
		set.add(b[1]);
		assertThat(set.flows()).containsExactlyInAnyOrder(a[1], b[1]);
		set.remove(a[1]);
		a[0].write(new byte[1]);
		assertThat(set.await(queue, Duration.ofMillis(30))).isFalse();
		b[1].close();
		assertThat(set.contains(b[1])).isFalse();
		set.add(a[1]);
		set.clear();
		assertThat(set.flows()).isEmpty();
	}

	@Test
	void eventsOfFlowsClosedSinceAreSkipped() {
		Flow[] flows = this.net.connect("oecho");
		FlowSet set = this.net.server.newFlowSet();
		FlowEventQueue queue = this.net.server.newEventQueue();
		set.add(flows[1]);
		flows[0].write(new byte[1]);
		assertThat(set.await(queue, Duration.ofSeconds(5))).isTrue();
		flows[1].close();
		assertThat(queue.next()).isNull();
	}

	@Test
	void aSetAndAQueueOfAnotherProcessAreRejected() {
		Flow clientFlow = this.net.connect("oecho")[0];
		FlowSet serverSet = this.net.server.newFlowSet();
		assertThatIllegalArgumentException().isThrownBy(() -> serverSet.add(clientFlow))
			.withMessageContaining("another Ouroboros instance");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> serverSet.await(this.net.client.newEventQueue(), Duration.ZERO))
			.withMessageContaining("another Ouroboros instance");
	}

	@Test
	void aProcessHasAtMost31FlowSets() {
		for (int i = 0; i < 31; i++) {
			this.net.client.newFlowSet();
		}
		assertThatExceptionOfType(FlowException.class).isThrownBy(this.net.client::newFlowSet)
			.withMessageContaining("31 flow sets");
	}

	@Test
	void broadcastReachesEveryOtherMemberButNotTheSender() {
		this.net.layer.createBroadcastLayer("bc");
		Flow a = this.net.client.join("bc");
		Flow b = this.net.server.join("bc");
		Flow c = this.net.layer.newProcess().join("bc");
		a.writeLine("to all");
		assertThat(b.readLine()).isEqualTo("to all");
		assertThat(c.readLine()).isEqualTo("to all");
		assertThat(a.rxQueueLength()).isZero();
		assertThat(a.role()).isEqualTo(rocks.ouroboros.flow.FlowRole.BROADCAST);
	}

	@Test
	void joinOfAnUnknownLayerFailsWithItsName() {
		assertThatExceptionOfType(rocks.ouroboros.flow.UnknownNameException.class)
			.isThrownBy(() -> this.net.client.join("nolayer"))
			.withMessageContaining("'nolayer'");
	}

}
