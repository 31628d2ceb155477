package rocks.ouroboros.reliability;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowEvent;
import rocks.ouroboros.flow.FlowEventQueue;
import rocks.ouroboros.flow.FlowEventType;
import rocks.ouroboros.flow.FlowFlag;
import rocks.ouroboros.flow.FlowNotAllocatedException;
import rocks.ouroboros.flow.FlowPermissionException;
import rocks.ouroboros.flow.FlowSet;
import rocks.ouroboros.flow.FlowTimeoutException;
import rocks.ouroboros.flow.MessageTooLargeException;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.QosSpec;
import rocks.ouroboros.jna.NativeBackend;
import rocks.ouroboros.jna.NativeOuroboros;
import rocks.ouroboros.jna.NativeSettings;
import rocks.ouroboros.jna.Peer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounded native twin of {@link RandomizedFlowSequenceTests}:
 * seeded random calls on flows of real Ouroboros to an echo server in another JVM ({@code PeerMain
 * echoserver}). Upstream's semantics differ from the model's (rings of 1024, 4096 descriptors,
 * writes to a gone peer succeed), so instead of a model each call is checked for what holds on both
 * backends: only the documented exception for the call, every echo is the flow's own packet in
 * order, a call on a closed handle fails with {@link FlowNotAllocatedException} even when its
 * descriptor went to a newer flow, a blocked call is woken by a close, and after each sequence no
 * flow or flow set is left; after the run no thread is left. {@code -Douroboros.reliability.seed=N}
 * replays a sequence first.
 */
@NativeOuroboros
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NativeFlowSequenceTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final String NAME = "nlisten-seq-" + UUID.randomUUID().toString().substring(0, 8);

	private static Peer peer;

	private static Ouroboros client;

	@BeforeAll
	static void startEchoServer() throws Exception {
		peer = Peer.start();
		peer.ok("echoserver " + NAME);
		client = NativeBackend.open(NativeSettings.defaults());
	}

	@AfterAll
	static void stopEchoServer() {
		if (client != null) {
			client.close();
		}
		if (peer != null) {
			peer.close();
		}
	}

	@Test
	void randomCallSequencesOnNativeFlowsKeepTheFlowContractAndLeaveNothingOpen() throws Exception {
		long base = Soak.seed();
		int target = Soak.size(300, 3_000);
		long deadline = System.nanoTime() + Soak.time(Duration.ofSeconds(30), Duration.ofMinutes(5)).toNanos();
		ExecutorService helper = Executors.newSingleThreadExecutor(r -> new Thread(r, "native-sequence-helper"));
		Set<String> threadsBefore = null;
		Totals totals = new Totals();
		int tried = 0;
		try {
			for (; tried < target && System.nanoTime() < deadline; tried++) {
				long seed = base + tried;
				try {
					new Sequence(seed, helper, totals).run(10 + (int) Math.floorMod(seed * 0x9E3779B97F4A7C15L, 30L));
				}
				catch (Throwable failure) {
					throw new AssertionError("native sequence " + tried + " failed; "
							+ Soak.replay("NativeFlowSequenceTests", seed), failure);
				}
				assertThat(client.openFlows()).as("flows left open after sequence " + seed).isEmpty();
				assertThat(client.openFlowSetCount()).as("flow sets left open after sequence " + seed).isZero();
				if (tried % 50 == 49) {
					System.out.printf("native flow sequences: %d done, %d calls so far%n", tried + 1, totals.calls);
				}
				if (tried == 0) {
					// the backend's own threads (acceptor, reaper, blocking pool) start once per JVM
					threadsBefore = liveThreads();
				}
			}
		}
		finally {
			helper.shutdownNow();
			assertThat(helper.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		}
		assertThat(threadsLeftBeyond(threadsBefore)).as("threads left running").isEmpty();
		System.out.printf("native flow sequences: %d sequences, %d calls, %d allocs, %d packets echoed and checked,"
				+ " %d blocked calls woken by close, %d calls on closed handles refused (%d of them on a descriptor"
				+ " a newer flow had), first seed %d%n", tried, totals.calls, totals.allocs, totals.echoes,
				totals.woken, totals.useAfterClose, totals.onReusedDescriptor, base);
		ReliabilityFigures.add("native flow sequences tried", tried);
		ReliabilityFigures.add("native flow calls checked", totals.calls);
		ReliabilityFigures.add("native packets echoed, each its flow's own, in order", totals.echoes);
		ReliabilityFigures.add("native blocked calls woken by a close", totals.woken);
		ReliabilityFigures.add("native calls on closed handles refused", totals.useAfterClose);
		ReliabilityFigures.add("native closed handles refused on a descriptor a newer flow had", totals.onReusedDescriptor);
		assertThat(tried).as("sequences tried within the time budget").isGreaterThanOrEqualTo(100);
		assertThat(totals.onReusedDescriptor).as("closed handles tried on a reused descriptor").isPositive();
	}

	private static Set<String> liveThreads() {
		Set<String> names = new HashSet<>();
		Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).forEach((t) -> names.add(t.getName()));
		return names;
	}

	/** Threads of this backend or these tests alive now and not before, after up to 5 s to end. */
	private static List<String> threadsLeftBeyond(Set<String> before) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		List<String> left;
		do {
			left = liveThreads().stream()
				.filter((name) -> !before.contains(name))
				// the blocking pool and the dealloc reaper are daemons that live as long as the JVM
				.filter((name) -> name.startsWith("ouroboros-") && !name.startsWith("ouroboros-native-")
						&& !name.equals("ouroboros-dealloc-reaper") || name.startsWith("native-"))
				.toList();
			if (left.isEmpty()) {
				return left;
			}
			Thread.sleep(20);
		}
		while (System.nanoTime() < deadline);
		return left;
	}

	private static final class Totals {

		long calls;

		long allocs;

		long echoes;

		long woken;

		long useAfterClose;

		long onReusedDescriptor;

	}

	/** A flow and what its echoes must be: packets carry its serial and a sequence number. */
	private static final class Tracked {

		final Flow flow;

		final long serial;

		final ArrayDeque<Integer> expectedLengths = new ArrayDeque<>();

		long written;

		long read;

		Tracked(Flow flow, long serial) {
			this.flow = flow;
			this.serial = serial;
		}

		byte[] nextPacket(Random random) {
			int length = 16 + random.nextInt(200);
			byte[] packet = new byte[length];
			random.nextBytes(packet);
			ByteBuffer.wrap(packet).putLong(0, this.serial).putLong(8, this.written++);
			this.expectedLengths.add(length);
			return packet;
		}

		/** Checks that an echo is the next packet this flow wrote (not another flow's, not twice). */
		void checkEcho(byte[] buffer, int n) {
			ByteBuffer in = ByteBuffer.wrap(buffer);
			Integer length = this.expectedLengths.poll();
			assertThat(length).as("an echo on " + this.flow + " that nobody wrote").isNotNull();
			assertThat(n).as("echo length on " + this.flow).isEqualTo(length);
			assertThat(in.getLong(0)).as("the serial of the flow an echo on " + this.flow + " belongs to")
				.isEqualTo(this.serial);
			assertThat(in.getLong(8)).as("sequence of the echo on " + this.flow).isEqualTo(this.read++);
		}

	}

	/** One seeded sequence of calls on a few flows, one flow set and one event queue. */
	private static final class Sequence {

		private final Random random;

		private final ExecutorService helper;

		private final Totals totals;

		private final List<Tracked> open = new ArrayList<>();

		private final List<Tracked> closed = new ArrayList<>();

		private final ArrayDeque<String> log = new ArrayDeque<>();

		private final byte[] buffer = new byte[1024];

		private long serials;

		Sequence(long seed, ExecutorService helper, Totals totals) {
			this.random = new Random(seed);
			this.helper = helper;
			this.totals = totals;
			this.serials = seed << 8;
		}

		void run(int count) throws Exception {
			try {
				for (int i = 0; i < count; i++) {
					step();
					this.totals.calls++;
				}
				while (!this.open.isEmpty()) {
					close(this.open.get(0));
				}
			}
			catch (Throwable failure) {
				this.open.forEach((tracked) -> tracked.flow.close());
				throw new AssertionError("after calls " + this.log, failure);
			}
		}

		private void note(String call) {
			this.log.addLast(call);
			if (this.log.size() > 12) {
				this.log.removeFirst();
			}
		}

		private void step() throws Exception {
			if (this.open.isEmpty()) {
				alloc();
				return;
			}
			Tracked tracked = this.open.get(this.random.nextInt(this.open.size()));
			switch (this.random.nextInt(14)) {
				case 0 -> {
					if (this.open.size() < 4) {
						alloc();
					}
				}
				case 1, 2, 3 -> {
					note("write " + tracked.flow);
					tracked.flow.write(tracked.nextPacket(this.random));
				}
				case 4, 5 -> {
					if (!tracked.expectedLengths.isEmpty()) {
						readEcho(tracked);
					}
				}
				case 6 -> {
					if (tracked.expectedLengths.isEmpty()) {
						Duration timeout = Duration.ofMillis(1 + this.random.nextInt(20));
						note("read with nothing sent, timeout " + timeout + " on " + tracked.flow);
						tracked.flow.setReadTimeout(timeout);
						expect(FlowTimeoutException.class, () -> tracked.flow.read(this.buffer));
						tracked.flow.setReadTimeout(WAIT);
					}
				}
				case 7 -> {
					if (tracked.expectedLengths.isEmpty()) {
						note("non-blocking read with nothing sent on " + tracked.flow);
						tracked.flow.setNonBlocking(true);
						assertThat(tracked.flow.flags()).contains(FlowFlag.READ_WRITE, FlowFlag.READ_NONBLOCK);
						assertThat(tracked.flow.read(this.buffer)).as("non-blocking read of an empty flow").isEqualTo(-1);
						tracked.flow.setNonBlocking(false);
					}
				}
				case 8 -> close(tracked);
				case 9 -> useAfterClose();
				case 10 -> flowSet();
				case 11 -> {
					if (tracked.expectedLengths.isEmpty()) {
						blockedReadWokenByClose(tracked);
					}
				}
				case 12 -> {
					note("FRCT flags of a raw flow " + tracked.flow);
					expect(FlowPermissionException.class, () -> tracked.flow.frctFlags());
				}
				default -> {
					if (this.random.nextInt(8) == 0) {
						note("oversize write on " + tracked.flow);
						expect(MessageTooLargeException.class, () -> tracked.flow.write(new byte[(1 << 20) + 1]));
					}
					else {
						note("zero-byte write on " + tracked.flow);
						assertThat(tracked.flow.write(new byte[0])).isZero();
					}
				}
			}
		}

		private void alloc() {
			note("alloc");
			Flow flow = client.alloc(NAME, QosSpec.RAW, WAIT);
			flow.setReadTimeout(WAIT);
			this.totals.allocs++;
			this.open.add(new Tracked(flow, this.serials++));
		}

		private void readEcho(Tracked tracked) {
			note("read echo on " + tracked.flow);
			int n = tracked.flow.read(this.buffer);
			tracked.checkEcho(this.buffer, n);
			this.totals.echoes++;
		}

		/**
		 * Closes a flow once its echoes are read: a packet still in a ring when its flow is
		 * deallocated is never given back to upstream 0.23.0's packet pool (seen: after a few hundred
		 * such closes every small write of every process on the machine blocked).
		 */
		private void close(Tracked tracked) {
			while (!tracked.expectedLengths.isEmpty()) {
				readEcho(tracked);
			}
			note("close " + tracked.flow);
			this.open.remove(tracked);
			tracked.flow.close();
			tracked.flow.close();
			this.closed.add(tracked);
			if (this.closed.size() > 8) {
				this.closed.remove(0);
			}
		}

		private void useAfterClose() {
			if (this.closed.isEmpty()) {
				return;
			}
			Tracked stale = this.closed.get(this.random.nextInt(this.closed.size()));
			boolean reused = this.open.stream().anyMatch((tracked) -> tracked.flow.id() == stale.flow.id());
			note("use after close of " + stale.flow + (reused ? " (descriptor reused)" : ""));
			Runnable call = switch (this.random.nextInt(6)) {
				case 0 -> () -> stale.flow.read(this.buffer);
				case 1 -> () -> stale.flow.write(stale.nextPacket(this.random));
				case 2 -> () -> stale.flow.flags();
				case 3 -> () -> stale.flow.setReadTimeout(Duration.ofMillis(5));
				case 4 -> () -> stale.flow.rxQueueLength();
				default -> () -> stale.flow.setFlags(EnumSet.of(FlowFlag.READ_WRITE, FlowFlag.READ_NONBLOCK));
			};
			expect(FlowNotAllocatedException.class, call);
			this.totals.useAfterClose++;
			if (reused) {
				this.totals.onReusedDescriptor++;
				// the newer flow on that descriptor did not see the stale call
				Tracked newer = this.open.stream().filter((t) -> t.flow.id() == stale.flow.id()).findFirst().orElseThrow();
				assertThat(newer.flow.isAllocated()).isTrue();
			}
		}

		/** A set of some open flows: a packet on one gives PACKET events for that flow only. */
		private void flowSet() {
			List<Tracked> quiet = this.open.stream().filter((t) -> t.expectedLengths.isEmpty()).toList();
			if (quiet.isEmpty()) {
				return;
			}
			note("flow set of " + quiet.size() + " flows");
			try (FlowSet set = client.newFlowSet(); FlowEventQueue queue = client.newEventQueue()) {
				quiet.forEach((tracked) -> set.add(tracked.flow));
				Tracked writer = quiet.get(this.random.nextInt(quiet.size()));
				writer.flow.write(writer.nextPacket(this.random));
				assertThat(set.await(queue, WAIT)).as("an event within " + WAIT).isTrue();
				FlowEvent event = queue.next();
				assertThat(event).isNotNull();
				assertThat(event.type()).isEqualTo(FlowEventType.PACKET);
				assertThat(event.flow()).as("the flow of the event").isSameAs(writer.flow);
				readEcho(writer);
				if (this.random.nextBoolean()) {
					set.remove(writer.flow);
					assertThat(set.contains(writer.flow)).isFalse();
				}
			}
		}

		/** A read without timeout, woken by a close from this thread. */
		private void blockedReadWokenByClose(Tracked tracked) throws Exception {
			note("blocked read closed by another thread on " + tracked.flow);
			tracked.flow.setReadTimeout(null);
			Future<Throwable> read = this.helper.submit(() -> {
				try {
					tracked.flow.read(new byte[64]);
					return null;
				}
				catch (Throwable ex) {
					return ex;
				}
			});
			Thread.sleep(1 + this.random.nextInt(30));
			close(tracked);
			Throwable ending = read.get(5, TimeUnit.SECONDS);
			assertThat(ending).as("how the blocked read ended").isInstanceOf(FlowNotAllocatedException.class);
			this.totals.woken++;
		}

		private static void expect(Class<? extends Throwable> type, Runnable call) {
			try {
				call.run();
			}
			catch (Throwable ex) {
				assertThat(ex).as("the exception of the call").isInstanceOf(type);
				return;
			}
			throw new AssertionError("expected " + type.getSimpleName() + ", the call succeeded");
		}

	}

}
