package rocks.ouroboros.reliability;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import rocks.ouroboros.embedded.EmbeddedLayer;
import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowDownException;
import rocks.ouroboros.flow.FlowEventQueue;
import rocks.ouroboros.flow.FlowException;
import rocks.ouroboros.flow.FlowFlag;
import rocks.ouroboros.flow.FlowNotAllocatedException;
import rocks.ouroboros.flow.FlowObserver;
import rocks.ouroboros.flow.FlowTracker;
import rocks.ouroboros.flow.FlowPermissionException;
import rocks.ouroboros.flow.FlowSet;
import rocks.ouroboros.flow.FlowTimeoutException;
import rocks.ouroboros.flow.FlowWouldBlockException;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.OuroborosUnavailableException;
import rocks.ouroboros.flow.QosSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random calls from several threads at once on shared flows, flow sets and processes: writes,
 * reads, closes racing with both, double closes, use after close, flag and timeout changes, set
 * membership and waits, allocs that reuse freed descriptors at once, processes that close. Every
 * packet carries its flow pair's identity, direction and sequence number, so a packet that crosses
 * into another flow (a stale handle reaching the newer flow on its descriptor), is duplicated or
 * was never written is caught. Only the exceptions the API documents may appear, no call may hang,
 * and once everything is closed no flow, flow set, binding or thread is left.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ConcurrentFlowChaosTests {

	private static final int WORKERS = 4;

	private static final int MAX_PAIRS = 40;

	@Test
	void concurrentRandomCallsNeverCrossFlowsHangOrLeak() throws Exception {
		long base = Soak.seed();
		int rounds = Soak.size(4, 60);
		Duration each = Soak.time(Duration.ofMillis(1500), Duration.ofSeconds(5));
		long calls = 0;
		long packets = 0;
		long closeRaces = 0;
		for (int round = 0; round < rounds; round++) {
			long seed = base + round;
			Round run = new Round(seed);
			try {
				run.run(each);
			}
			catch (Throwable failure) {
				throw new AssertionError("round " + round + " failed; " + Soak.replay("ConcurrentFlowChaosTests", seed),
						failure);
			}
			calls += run.calls.get();
			packets += run.received.get();
			closeRaces += run.closes.get();
		}
		System.out.printf("concurrent flow chaos: %d rounds, %d calls, %d packets checked, %d closes racing with calls,"
				+ " first seed %d%n", rounds, calls, packets, closeRaces, base);
		ReliabilityFigures.add("concurrent chaos rounds", rounds);
		ReliabilityFigures.add("concurrent chaos calls", calls);
		ReliabilityFigures.add("concurrent chaos packets checked, none crossed or duplicated", packets);
		ReliabilityFigures.add("concurrent chaos closes racing with calls", closeRaces);
		assertThat(EmbeddedThreads.alive()).isEmpty();
	}

	/** A flow pair: both ends, what each side attempted to write and what the other received. */
	private static final class Pair {

		final long id;

		final Flow client;

		volatile @Nullable Flow server;

		final Set<Long> writtenByClient = ConcurrentHashMap.newKeySet();

		final Set<Long> writtenByServer = ConcurrentHashMap.newKeySet();

		final Set<Long> receivedByClient = ConcurrentHashMap.newKeySet();

		final Set<Long> receivedByServer = ConcurrentHashMap.newKeySet();

		final ReentrantLock clientReader = new ReentrantLock();

		final ReentrantLock serverReader = new ReentrantLock();

		Pair(long id, Flow client) {
			this.id = id;
			this.client = client;
		}

	}

	/** Counts opens and closes per flow for the trackers of a {@link FlowObserver}. */
	private static final class CountingObserver implements FlowObserver {

		final Set<Flow> open = ConcurrentHashMap.newKeySet();

		final Set<Flow> closedTwice = ConcurrentHashMap.newKeySet();

		@Override
		public FlowTracker flowOpened(Flow flow) {
			this.open.add(flow);
			return new FlowTracker() {
				@Override
				public void flowClosed() {
					if (!CountingObserver.this.open.remove(flow)) {
						CountingObserver.this.closedTwice.add(flow);
					}
				}
			};
		}

	}

	private static final class Round {

		private final long seed;

		private final EmbeddedLayer layer = EmbeddedLayer.builder()
			.ringCapacity(8)
			.maxPacketSize(256)
			.maxFlowsPerProcess(64)
			.build();

		private final Ouroboros server = this.layer.newProcess("server");

		private final List<Ouroboros> clients = new CopyOnWriteArrayList<>();

		private final List<Pair> pairs = new CopyOnWriteArrayList<>();

		/** Every pair by id, from before its hello is written: what the acceptor looks hellos up in. */
		private final Map<Long, Pair> byId = new ConcurrentHashMap<>();

		private final Map<Ouroboros, List<FlowSet>> sets = new ConcurrentHashMap<>();

		private final AtomicLong pairIds = new AtomicLong();

		private final AtomicLong sequence = new AtomicLong();

		private final AtomicReference<@Nullable Throwable> unexpected = new AtomicReference<>();

		private final ReentrantLock registry = new ReentrantLock();

		private volatile boolean stop;

		final AtomicLong calls = new AtomicLong();

		final AtomicLong received = new AtomicLong();

		final AtomicLong closes = new AtomicLong();

		/** Sees every flow open and close, as metrics do: each flow must be closed once for it. */
		private final CountingObserver observer = new CountingObserver();

		Round(long seed) {
			this.seed = seed;
			this.server.bind("svc");
			this.server.addObserver(this.observer);
			for (int i = 0; i < 3; i++) {
				this.clients.add(newClient("client" + i));
			}
			for (Ouroboros process : processes()) {
				List<FlowSet> list = new CopyOnWriteArrayList<>();
				list.add(process.newFlowSet());
				list.add(process.newFlowSet());
				this.sets.put(process, list);
			}
		}

		private Ouroboros newClient(String name) {
			Ouroboros client = this.layer.newProcess(name);
			client.addObserver(this.observer);
			return client;
		}

		private List<Ouroboros> processes() {
			List<Ouroboros> all = new ArrayList<>(this.clients);
			all.add(this.server);
			return all;
		}

		void run(Duration duration) throws Exception {
			Thread acceptor = new Thread(this::accept, "chaos-acceptor");
			List<Thread> workers = new ArrayList<>();
			for (int w = 0; w < WORKERS; w++) {
				long workerSeed = this.seed * 31 + w;
				workers.add(new Thread(() -> work(new Random(workerSeed)), "chaos-worker-" + w));
			}
			acceptor.start();
			workers.forEach(Thread::start);
			long deadline = System.nanoTime() + duration.toNanos();
			while (System.nanoTime() < deadline && this.unexpected.get() == null) {
				Thread.sleep(10);
			}
			this.stop = true;
			acceptor.join(TimeUnit.SECONDS.toMillis(10));
			// every flow is closed by hand first, which must wake every call still waiting on one
			closeEveryFlow();
			for (Thread worker : workers) {
				worker.join(TimeUnit.SECONDS.toMillis(2));
			}
			// an alloc that was under way at the stop may have added a pair since
			closeEveryFlow();
			for (Thread worker : workers) {
				worker.join(TimeUnit.SECONDS.toMillis(10));
			}
			List<Thread> hung = new ArrayList<>(workers);
			hung.add(acceptor);
			hung.removeIf(thread -> !thread.isAlive());
			if (!hung.isEmpty()) {
				StringBuilder stacks = new StringBuilder();
				for (Thread thread : hung) {
					stacks.append(thread.getName()).append(Arrays.toString(thread.getStackTrace())).append('\n');
				}
				this.layer.close();
				throw new AssertionError("calls hang after every flow was closed:\n" + stacks);
			}
			Throwable failure = this.unexpected.get();
			if (failure != null) {
				this.layer.close();
				throw new AssertionError("an undocumented failure: " + failure, failure);
			}
			// flows closed by hand (and raced with everything) must all be forgotten by their processes
			for (Ouroboros process : processes()) {
				assertThat(process.openFlows()).as("flows left open in %s", process).isEmpty();
				this.sets.get(process).forEach(FlowSet::close);
				assertThat(process.openFlowSetCount()).as("flow sets left open in %s", process).isZero();
			}
			for (Pair pair : this.pairs) {
				assertThat(pair.writtenByClient).containsAll(pair.receivedByServer);
				assertThat(pair.writtenByServer).containsAll(pair.receivedByClient);
			}
			this.layer.close();
			assertThat(this.observer.closedTwice).as("flows whose trackers heard of their close twice").isEmpty();
			assertThat(this.observer.open).as("flows whose trackers never heard of their close").isEmpty();
			assertThat(this.layer.processCount()).isZero();
			assertThat(this.layer.boundNames()).isEmpty();
		}

		private void closeEveryFlow() {
			for (Pair pair : this.byId.values()) {
				pair.client.close();
				Flow server = pair.server;
				if (server != null) {
					server.close();
				}
			}
		}

		private void accept() {
			while (!this.stop) {
				Flow flow = null;
				try {
					flow = this.server.accept(Duration.ofMillis(20));
					flow.setReadTimeout(Duration.ofSeconds(2));
					byte[] hello = flow.read(64);
					flow.setReadTimeout(Duration.ofMillis(1));
					flow.setWriteTimeout(Duration.ofMillis(1));
					long id = ByteBuffer.wrap(hello).getLong();
					this.registry.lock();
					try {
						Pair owner = this.byId.get(id);
						if (owner != null) {
							owner.server = flow;
							flow = null;
						}
					}
					finally {
						this.registry.unlock();
					}
				}
				catch (FlowTimeoutException | FlowNotAllocatedException | FlowDownException
						| OuroborosUnavailableException expected) {
					// nothing came, or the client closed the flow before its hello: both documented
				}
				catch (FlowException full) {
					if (full.errorCode() != -23) {
						this.unexpected.compareAndSet(null, full);
						return;
					}
				}
				catch (Throwable ex) {
					this.unexpected.compareAndSet(null, ex);
					return;
				}
				finally {
					if (flow != null) {
						// no pair will ever use it
						flow.close();
					}
				}
			}
		}

		private void work(Random random) {
			FlowEventQueue[] queues = new FlowEventQueue[4];
			while (!this.stop && this.unexpected.get() == null) {
				try {
					step(random, queues);
					this.calls.incrementAndGet();
				}
				catch (FlowNotAllocatedException | FlowDownException | FlowTimeoutException
						| OuroborosUnavailableException documented) {
					this.calls.incrementAndGet();
				}
				catch (FlowPermissionException inAnotherSet) {
					if (!inAnotherSet.getMessage().contains("another flow set")) {
						this.unexpected.compareAndSet(null, inAnotherSet);
					}
				}
				catch (IllegalStateException closedSet) {
					if (!closedSet.getMessage().contains("flow set is closed")) {
						this.unexpected.compareAndSet(null, closedSet);
					}
				}
				catch (FlowException descriptors) {
					if (descriptors.errorCode() != -23 && descriptors.errorCode() != -1003) {
						this.unexpected.compareAndSet(null, descriptors);
					}
				}
				catch (Throwable ex) {
					this.unexpected.compareAndSet(null, ex);
				}
			}
		}

		private void step(Random random, FlowEventQueue[] queues) {
			int dice = random.nextInt(100);
			if (dice < 6 || this.pairs.isEmpty()) {
				alloc(random);
				return;
			}
			List<Pair> pairs = new ArrayList<>(this.pairs);
			if (pairs.isEmpty()) {
				return;
			}
			Pair pair = pairs.get(random.nextInt(pairs.size()));
			boolean clientSide = random.nextBoolean();
			Flow flow = clientSide ? pair.client : pair.server;
			if (flow == null) {
				return;
			}
			if (dice < 40) {
				write(random, pair, clientSide, flow);
			}
			else if (dice < 75) {
				read(pair, clientSide, flow);
			}
			else if (dice < 80) {
				this.closes.incrementAndGet();
				flow.close();
			}
			else if (dice < 85) {
				flow.setNonBlocking(random.nextBoolean());
			}
			else if (dice < 89) {
				// now and then no timeout at all: such calls end by a packet, the peer's close or their own
				Duration[] choices = { Duration.ZERO, Duration.ofMillis(1), Duration.ofMillis(3) };
				Duration timeout = (random.nextInt(10) == 0) ? null : choices[random.nextInt(choices.length)];
				if (random.nextBoolean()) {
					flow.setReadTimeout(timeout);
				}
				else {
					flow.setWriteTimeout(timeout);
				}
			}
			else if (dice < 90) {
				java.util.EnumSet<FlowFlag> flags = java.util.EnumSet.copyOf(flow.flags());
				if (!flags.remove(FlowFlag.DOWN)) {
					flags.add(FlowFlag.DOWN);
				}
				flow.setFlags(flags);
			}
			else {
				sets(random, queues, flow);
			}
		}

		private void alloc(Random random) {
			if (this.pairs.stream().filter(p -> p.client.isAllocated() || isAllocated(p.server)).count() >= MAX_PAIRS) {
				if (random.nextInt(50) == 0) {
					// a client process goes away with everything it holds, and a new one takes its place
					Ouroboros old;
					this.registry.lock();
					try {
						old = this.clients.remove(random.nextInt(this.clients.size()));
						Ouroboros replacement = newClient("client");
						this.sets.put(replacement, new CopyOnWriteArrayList<>(List.of(replacement.newFlowSet())));
						this.clients.add(replacement);
					}
					finally {
						this.registry.unlock();
					}
					old.close();
				}
				else {
					// the server side closes what its clients left, as a server does on a DEALLOC event
					this.pairs.stream().filter(p -> !p.client.isAllocated() && p.server != null).forEach(p -> p.server.close());
					this.registry.lock();
					try {
						this.pairs.removeIf(p -> !p.client.isAllocated() && p.server != null && !p.server.isAllocated());
						this.byId.values().removeIf(p -> !this.pairs.contains(p) && !p.client.isAllocated()
								&& p.server != null && !p.server.isAllocated());
					}
					finally {
						this.registry.unlock();
					}
				}
				return;
			}
			List<Ouroboros> clients = new ArrayList<>(this.clients);
			Ouroboros client = clients.get(random.nextInt(clients.size()));
			QosSpec qos = random.nextBoolean() ? QosSpec.RAW : QosSpec.DATA;
			Flow flow = client.alloc("svc", qos, Duration.ofMillis(500));
			flow.setReadTimeout(Duration.ofMillis(1));
			flow.setWriteTimeout(Duration.ofMillis(1));
			Pair pair = new Pair(this.pairIds.incrementAndGet(), flow);
			this.byId.put(pair.id, pair);
			// the hello goes first, before any other thread can find the pair and write on it
			try {
				flow.write(ByteBuffer.allocate(8).putLong(0, pair.id));
			}
			finally {
				this.pairs.add(pair);
			}
		}

		private static boolean isAllocated(@Nullable Flow flow) {
			return flow != null && flow.isAllocated();
		}

		private void write(Random random, Pair pair, boolean clientSide, Flow flow) {
			long seq = this.sequence.incrementAndGet();
			(clientSide ? pair.writtenByClient : pair.writtenByServer).add(seq);
			ByteBuffer packet = ByteBuffer.allocate(17 + random.nextInt(100));
			packet.putLong(pair.id).put((byte) (clientSide ? 'c' : 's')).putLong(seq).rewind();
			flow.write(packet);
		}

		private void read(Pair pair, boolean clientSide, Flow flow) {
			ReentrantLock reader = clientSide ? pair.clientReader : pair.serverReader;
			if (!reader.tryLock()) {
				return;
			}
			try {
				byte[] packet = flow.read(256);
				if (packet == null) {
					return;
				}
				if (packet.length < 17) {
					throw new AssertionError("a packet of " + packet.length + " bytes arrived on pair " + pair.id);
				}
				ByteBuffer in = ByteBuffer.wrap(packet);
				long id = in.getLong();
				byte from = in.get();
				long seq = in.getLong();
				if (id != pair.id || from != (clientSide ? 's' : 'c')) {
					throw new AssertionError("a packet of pair " + id + " from " + (char) from + " crossed into pair "
							+ pair.id + " on the " + (clientSide ? "client" : "server") + " side (descriptor "
							+ flow.id() + ")");
				}
				Set<Long> received = clientSide ? pair.receivedByClient : pair.receivedByServer;
				if (!received.add(seq)) {
					throw new AssertionError("packet " + seq + " of pair " + pair.id + " arrived twice");
				}
				this.received.incrementAndGet();
			}
			finally {
				reader.unlock();
			}
		}

		private void sets(Random random, FlowEventQueue[] queues, Flow flow) {
			Ouroboros owner = flow.owner();
			List<FlowSet> own = this.sets.get(owner);
			if (own == null || own.isEmpty()) {
				return;
			}
			FlowSet set = own.get(random.nextInt(own.size()));
			int choice = random.nextInt(4);
			if (choice == 0) {
				set.add(flow);
			}
			else if (choice == 1) {
				set.remove(flow);
			}
			else {
				int slot = Math.floorMod(owner.hashCode(), queues.length);
				FlowEventQueue queue = queues[slot];
				if (queue == null || queue.owner() != owner) {
					queue = owner.newEventQueue();
					queues[slot] = queue;
				}
				if (set.await(queue, Duration.ofMillis(random.nextInt(3)))) {
					for (var event = queue.next(); event != null; event = queue.next()) {
						if (event.flow().owner() != owner) {
							throw new AssertionError("an event of " + event.flow() + " reached a set of " + owner);
						}
					}
				}
			}
		}

	}

}
