package rocks.ouroboros.reliability;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.List;

import org.jspecify.annotations.Nullable;

import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowEventQueue;
import rocks.ouroboros.flow.FlowEventType;
import rocks.ouroboros.flow.FlowFlag;
import rocks.ouroboros.flow.FlowSet;
import rocks.ouroboros.flow.FrctFlag;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.QosSpec;

/**
 * What the flow API promises, as plain data: the state a single-threaded sequence of calls must
 * leave behind on the embedded layer (upstream's local layer). {@link FlowSequence} runs each call
 * on the real objects and on this model and compares them.
 */
final class FlowModel {

	private FlowModel() {
	}

	/** The packets on their way to one reader, and the states that end a flow. */
	static final class Ring {

		final ArrayDeque<byte[]> packets = new ArrayDeque<>();

		boolean writerGone;

		boolean readerGone;

		boolean down;

	}

	/** One process and its descriptors, lowest free first. */
	static final class Proc {

		final Ouroboros real;

		final String label;

		final FlowEventQueue queue;

		final List<Event> queued = new ArrayList<>();

		final List<End> ends = new ArrayList<>();

		final List<Set> sets = new ArrayList<>();

		final BitSet fds = new BitSet();

		final int fdLimit;

		boolean closed;

		boolean crashed;

		Proc(Ouroboros real, String label, int maxFlows) {
			this.real = real;
			this.label = label;
			this.queue = real.newEventQueue();
			this.fdLimit = 64 + maxFlows;
		}

		boolean full() {
			return this.fds.nextClearBit(64) >= this.fdLimit;
		}

		int allocateFd() {
			int fd = this.fds.nextClearBit(64);
			this.fds.set(fd);
			return fd;
		}

		@Override
		public String toString() {
			return this.label;
		}

	}

	/** One end of a flow (or a broadcast member). */
	static final class End {

		final Flow flow;

		final Proc proc;

		final String label;

		final QosSpec qos;

		final Ring rx = new Ring();

		@Nullable Ring tx;

		@Nullable End peer;

		@Nullable List<End> group;

		boolean closed;

		EnumSet<FlowFlag> flags = EnumSet.copyOf(FlowFlag.defaults());

		@Nullable Duration readTimeout;

		@Nullable Duration writeTimeout;

		EnumSet<FrctFlag> frct = EnumSet.noneOf(FrctFlag.class);

		@Nullable Set set;

		/** The last buffer read filled its buffer: the next read returns 0. */
		boolean donePart;

		End(Flow flow, Proc proc, String label, QosSpec qos) {
			this.flow = flow;
			this.proc = proc;
			this.label = label;
			this.qos = qos;
			if (qos.inOrder()) {
				this.frct.add(FrctFlag.RESOURCE_CONTROL);
				if (qos.loss() == 0) {
					this.frct.add(FrctFlag.RETRANSMIT);
					this.frct.add(FrctFlag.LINGER);
				}
			}
		}

		boolean has(FlowFlag flag) {
			return this.flags.contains(flag);
		}

		boolean writeOnly() {
			return has(FlowFlag.WRITE_ONLY);
		}

		boolean readOnly() {
			return has(FlowFlag.READ_ONLY);
		}

		@Override
		public String toString() {
			return this.label + "(fd " + this.flow.id() + (this.closed ? ", closed" : "") + ")";
		}

	}

	/** A flow set and the events it holds for the next wait. */
	static final class Set {

		final FlowSet real;

		final Proc proc;

		final String label;

		final List<Event> events = new ArrayList<>();

		boolean closed;

		Set(FlowSet real, Proc proc, String label) {
			this.real = real;
			this.proc = proc;
			this.label = label;
		}

		@Override
		public String toString() {
			return this.label + (this.closed ? "(closed)" : "");
		}

	}

	/** An event the model expects. */
	record Event(End end, FlowEventType type) {

		@Override
		public String toString() {
			return this.type + "@" + this.end.label;
		}

	}

}
