package rocks.ouroboros.jna;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rocks.ouroboros.flow.FlowEventType;
import rocks.ouroboros.flow.FlowFlag;
import rocks.ouroboros.flow.FrctFlag;

import static org.assertj.core.api.Assertions.assertThat;

/** What the Java side hard-codes about the C API equals what gcc sees in the installed headers. */
class StructLayoutTests {

	@TempDir
	Path dir;

	@Test
	void qosspecAndTimespecHaveTheLayoutTheBackendWrites() throws Exception {
		Map<String, String> c = new LinkedHashMap<>();
		c.put("size", "sizeof(qosspec_t)");
		c.put("delay", "offsetof(qosspec_t, delay)");
		c.put("bandwidth", "offsetof(qosspec_t, bandwidth)");
		c.put("availability", "offsetof(qosspec_t, availability)");
		c.put("loss", "offsetof(qosspec_t, loss)");
		c.put("ber", "offsetof(qosspec_t, ber)");
		c.put("in_order", "offsetof(qosspec_t, in_order)");
		c.put("max_gap", "offsetof(qosspec_t, max_gap)");
		c.put("timeout", "offsetof(qosspec_t, timeout)");
		c.put("timespec", "sizeof(struct timespec)");
		c.put("tv_nsec", "offsetof(struct timespec, tv_nsec)");
		Map<String, Long> values = CProbe.values(this.dir, new String[] { "ouroboros/qos.h" }, c);
		assertThat(values).containsEntry("size", (long) Scratch.QOS_SIZE)
			.containsEntry("delay", (long) Scratch.QOS_DELAY)
			.containsEntry("bandwidth", (long) Scratch.QOS_BANDWIDTH)
			.containsEntry("availability", (long) Scratch.QOS_AVAILABILITY)
			.containsEntry("loss", (long) Scratch.QOS_LOSS)
			.containsEntry("ber", (long) Scratch.QOS_BER)
			.containsEntry("in_order", (long) Scratch.QOS_IN_ORDER)
			.containsEntry("max_gap", (long) Scratch.QOS_MAX_GAP)
			.containsEntry("timeout", (long) Scratch.QOS_TIMEOUT)
			.containsEntry("timespec", (long) Scratch.TIMESPEC_SIZE)
			.containsEntry("tv_nsec", 8L);
	}

	@Test
	void flagsCommandsErrorsAndEventTypesHaveTheHeadersValues() throws Exception {
		Map<String, String> c = new LinkedHashMap<>();
		Map<String, Long> expected = new LinkedHashMap<>();
		Map<FlowFlag, String> flowFlags = new EnumMap<>(FlowFlag.class);
		flowFlags.put(FlowFlag.READ_ONLY, "FLOWFRDONLY");
		flowFlags.put(FlowFlag.WRITE_ONLY, "FLOWFWRONLY");
		flowFlags.put(FlowFlag.READ_WRITE, "FLOWFRDWR");
		flowFlags.put(FlowFlag.DOWN, "FLOWFDOWN");
		flowFlags.put(FlowFlag.READ_NONBLOCK, "FLOWFRNOBLOCK");
		flowFlags.put(FlowFlag.WRITE_NONBLOCK, "FLOWFWNOBLOCK");
		flowFlags.put(FlowFlag.READ_NO_PARTIAL, "FLOWFRNOPART");
		flowFlags.put(FlowFlag.WRITE_NO_PARTIAL, "FLOWFWNOPART");
		flowFlags.forEach((flag, macro) -> {
			c.put(macro, macro);
			expected.put(macro, (long) flag.bits());
		});
		c.put("FLOWFDEFAULT", "FLOWFDEFAULT");
		expected.put("FLOWFDEFAULT", (long) FlowFlag.toBits(FlowFlag.defaults()));
		c.put("FRCTFRTX", "FRCTFRTX");
		expected.put("FRCTFRTX", (long) FrctFlag.RETRANSMIT.bits());
		c.put("FRCTFRESCNTL", "FRCTFRESCNTL");
		expected.put("FRCTFRESCNTL", (long) FrctFlag.RESOURCE_CONTROL.bits());
		c.put("FRCTFLINGER", "FRCTFLINGER");
		expected.put("FRCTFLINGER", (long) FrctFlag.LINGER.bits());
		Map<String, Integer> commands = Map.of("FLOWSRCVTIMEO", FccntlLibrary.FLOWSRCVTIMEO, "FLOWSSNDTIMEO",
				FccntlLibrary.FLOWSSNDTIMEO, "FLOWGQOSSPEC", FccntlLibrary.FLOWGQOSSPEC, "FLOWSFLAGS",
				FccntlLibrary.FLOWSFLAGS, "FLOWGFLAGS", FccntlLibrary.FLOWGFLAGS, "FLOWGRXQLEN", FccntlLibrary.FLOWGRXQLEN,
				"FLOWGTXQLEN", FccntlLibrary.FLOWGTXQLEN, "FRCTSFLAGS", FccntlLibrary.FRCTSFLAGS, "FRCTGFLAGS",
				FccntlLibrary.FRCTGFLAGS);
		commands.forEach((macro, value) -> {
			c.put(macro, macro);
			expected.put(macro, (long) value);
		});
		Map<String, Integer> errors = Map.of("ENOTALLOC", NativeErrors.ENOTALLOC, "EIRMD", NativeErrors.EIRMD, "EIPCP",
				NativeErrors.EIPCP, "EFLOWDOWN", NativeErrors.EFLOWDOWN, "EFLOWPEER", NativeErrors.EFLOWPEER, "ENAME",
				NativeErrors.ENAME, "EAGAIN", NativeErrors.EAGAIN, "ETIMEDOUT", NativeErrors.ETIMEDOUT, "EMSGSIZE",
				NativeErrors.EMSGSIZE, "EPERM", NativeErrors.EPERM);
		errors.forEach((macro, value) -> {
			c.put(macro, macro);
			expected.put(macro, (long) value);
		});
		Map<FlowEventType, String> events = new EnumMap<>(FlowEventType.class);
		events.put(FlowEventType.PACKET, "FLOW_PKT");
		events.put(FlowEventType.DOWN, "FLOW_DOWN");
		events.put(FlowEventType.UP, "FLOW_UP");
		events.put(FlowEventType.ALLOC, "FLOW_ALLOC");
		events.put(FlowEventType.DEALLOC, "FLOW_DEALLOC");
		events.put(FlowEventType.PEER, "FLOW_PEER");
		events.forEach((type, macro) -> {
			c.put(macro, macro);
			expected.put(macro, (long) type.code());
		});
		Map<String, Long> values = CProbe.values(this.dir, new String[] { "ouroboros/fccntl.h", "ouroboros/errno.h",
				"ouroboros/fqueue.h" }, c);
		assertThat(values).containsExactlyInAnyOrderEntriesOf(expected);
	}

}
