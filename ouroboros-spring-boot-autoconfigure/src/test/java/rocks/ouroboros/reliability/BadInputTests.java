package rocks.ouroboros.reliability;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import rocks.ouroboros.embedded.EmbeddedLayer;
import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowFlag;
import rocks.ouroboros.flow.FrctFlag;
import rocks.ouroboros.flow.LoadBalancing;
import rocks.ouroboros.flow.MessageTooLargeException;
import rocks.ouroboros.flow.NameOptions;
import rocks.ouroboros.flow.Names;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.QosSpec;
import rocks.ouroboros.flow.SecurityPaths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Everything a user can type into the flow API, wrong: every case must fail at once with an
 * exception that names what is wrong, leave the flow usable, and never be taken silently.
 */
@Timeout(60)
class BadInputTests {

	private static final String SECRET = "-----BEGIN PRIVATE KEY-----\nTOP-SECRET-KEY-MATERIAL\n";

	private final EmbeddedLayer layer = EmbeddedLayer.builder().maxPacketSize(1024).build();

	private final Ouroboros server = this.layer.newProcess("server");

	private final Ouroboros client = this.layer.newProcess("client");

	private int rejected;

	@AfterEach
	void closeAndCount() {
		this.layer.close();
		ReliabilityFigures.add("bad inputs rejected with a clear exception", this.rejected);
	}

	// ---------------------------------------------------------------- names

	@Test
	void everyCallTakingANameRejectsNullEmptyBlankOverLongAndControlCharactersNamingTheArgument() {
		List<Consumer<String>> calls = List.of(this.client::alloc, n -> this.client.alloc(n, QosSpec.RAW),
				n -> this.client.alloc(n, QosSpec.RAW, Duration.ZERO), this.client::join,
				n -> this.client.join(n, Duration.ZERO), this.server::bind, this.server::unbind,
				n -> this.server.bind(n, NameOptions.BIND_ONLY), this.layer::createBroadcastLayer,
				n -> this.layer.newProcess(n), n -> NameOptions.createIn(n));
		String overLong = "n".repeat(Names.MAX_NAME_BYTES + 1);
		// 86 three-byte characters: 258 bytes, though only 86 chars
		String overLongInUtf8 = "日".repeat(86);
		for (Consumer<String> call : calls) {
			assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> call.accept(null))
				.withMessageContaining("must not be null");
			for (String bad : new String[] { "", "   ", "\t" }) {
				assertThatIllegalArgumentException().isThrownBy(() -> call.accept(bad))
					.withMessageContaining("must not be empty or blank");
			}
			assertThatIllegalArgumentException().isThrownBy(() -> call.accept(overLong))
				.withMessageContaining("256 bytes")
				.withMessageContaining("at most 255");
			assertThatIllegalArgumentException().isThrownBy(() -> call.accept(overLongInUtf8))
				.withMessageContaining("258 bytes");
			assertThatIllegalArgumentException().isThrownBy(() -> call.accept("bad\nname"))
				.withMessageContaining("control character at index 3")
				.withMessageNotContaining("\n");
			assertThatIllegalArgumentException().isThrownBy(() -> call.accept("nul\0"))
				.withMessageContaining("control character");
			this.rejected += 7;
		}
		assertThat(this.server.boundNames()).isEmpty();
		assertThat(this.layer.boundNames()).isEmpty();
	}

	@Test
	void nonAsciiNamesUpToTheByteLimitWorkEndToEnd() {
		String[] names = { "écho", "服务", "ουροβόρος", "emoji-🐍", "日".repeat(85) };
		for (String name : names) {
			assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(Names.MAX_NAME_BYTES);
			this.server.bind(name);
			Flow[] flows = connect(name);
			assertThat(flows[1].name()).isEqualTo(name);
			flows[0].writeLine(name);
			assertThat(flows[1].readLine()).isEqualTo(name);
			flows[0].close();
			flows[1].close();
		}
		assertThat(this.layer.boundNames()).containsOnlyKeys(names);
	}

	// ---------------------------------------------------------------- QoS

	@Test
	void everyQosFieldOutOfRangeIsRejectedNamingTheField() {
		long over = QosSpec.UINT32_MAX + 1;
		record Case(String field, Consumer<QosSpec.Builder> set) {
		}
		List<Case> cases = List.of(new Case("delayMillis", b -> b.delayMillis(-1)),
				new Case("delayMillis", b -> b.delayMillis(over)), new Case("bandwidth", b -> b.bandwidth(-2)),
				new Case("availability", b -> b.availability(-1)), new Case("availability", b -> b.availability(256)),
				new Case("loss", b -> b.loss(-1)), new Case("loss", b -> b.loss(over)), new Case("ber", b -> b.ber(-1)),
				new Case("ber", b -> b.ber(over)), new Case("maxGapMillis", b -> b.maxGapMillis(-1)),
				new Case("maxGapMillis", b -> b.maxGapMillis(over)), new Case("timeoutMillis", b -> b.timeoutMillis(-1)),
				new Case("timeoutMillis", b -> b.timeoutMillis(over)),
				new Case("timeout", b -> b.peerTimeout(Duration.ofMillis(-1))),
				new Case("timeout", b -> b.peerTimeout(Duration.ofDays(365 * 200))),
				new Case("delay", b -> b.delay(Duration.ofSeconds(-1))), new Case("maxGap", b -> b.maxGap(null)),
				new Case("delay", b -> b.delay(Duration.ofSeconds(Long.MAX_VALUE))));
		for (Case bad : cases) {
			QosSpec.Builder builder = QosSpec.DATA.toBuilder();
			Throwable failure = catchThrowable(() -> {
				bad.set().accept(builder);
				builder.build();
			});
			assertThat(failure).as(bad.field()).isInstanceOf(IllegalArgumentException.class);
			assertThat(failure.getMessage()).as(bad.field()).containsIgnoringCase(bad.field());
			this.rejected++;
		}
		assertThat(QosSpec.builder().bandwidth(QosSpec.UNLIMITED_BANDWIDTH).build().bandwidth()).isEqualTo(-1);
		assertThat(QosSpec.builder().timeoutMillis(QosSpec.UINT32_MAX).build().peerTimeout())
			.isEqualTo(Duration.ofMillis(QosSpec.UINT32_MAX));
		assertThatExceptionOfType(NullPointerException.class)
			.isThrownBy(() -> this.client.alloc("x", null, Duration.ZERO))
			.withMessageContaining("qos");
	}

	// ---------------------------------------------------------------- timeouts and counts

	@Test
	void negativeTimeoutsAreRejectedEverywhereNamingWhichTimeout() {
		this.server.bind("svc");
		Flow flow = connect("svc")[0];
		Duration negative = Duration.ofNanos(-1);
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.alloc("svc", QosSpec.RAW, negative))
			.withMessageContaining("alloc timeout must not be negative");
		assertThatIllegalArgumentException().isThrownBy(() -> this.server.accept(negative))
			.withMessageContaining("accept timeout");
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.join("bc", negative))
			.withMessageContaining("join timeout");
		assertThatIllegalArgumentException().isThrownBy(() -> flow.setReadTimeout(negative))
			.withMessageContaining("read timeout");
		assertThatIllegalArgumentException().isThrownBy(() -> flow.setWriteTimeout(Duration.ofDays(-3)))
			.withMessageContaining("write timeout");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.client.newFlowSet().await(this.client.newEventQueue(), negative))
			.withMessageContaining("timeout must not be negative");
		assertThat(flow.readTimeout()).as("a rejected timeout changes nothing").isEmpty();
		this.rejected += 6;
	}

	@Test
	void hugeTimeoutsMeanWaitingLongNotReturningAtOnce() throws Exception {
		this.server.bind("svc");
		Duration huge = Duration.ofSeconds(Long.MAX_VALUE);
		CompletableFuture<Flow> accepted = CompletableFuture.supplyAsync(() -> this.server.accept(huge));
		Flow flow = this.client.alloc("svc", QosSpec.RAW, huge);
		Flow peer = accepted.get();
		peer.setReadTimeout(huge);
		flow.setWriteTimeout(huge);
		assertThat(peer.readTimeout()).hasValueSatisfying(t -> assertThat(t).isGreaterThan(Duration.ofDays(365 * 200)));
		CompletableFuture<String> read = CompletableFuture.supplyAsync(peer::readLine);
		flow.writeLine("late but there");
		assertThat(read.get()).isEqualTo("late but there");
		assertThat(this.client.newFlowSet().await(this.client.newEventQueue(), Duration.ZERO)).isFalse();
	}

	@Test
	void negativeCountsAndBuffersOutOfRangeAreRejectedAndLeaveTheFlowUsable() {
		this.server.bind("svc");
		Flow[] flows = connect("svc");
		Flow flow = flows[0];
		byte[] buffer = new byte[8];
		assertThatIllegalArgumentException().isThrownBy(() -> flow.read(-1)).withMessageContaining("count must be 0..");
		assertThatIllegalArgumentException().isThrownBy(() -> flow.readLine(0)).withMessageContaining("maxBytes must be positive");
		assertThatIllegalArgumentException().isThrownBy(() -> flow.writeLine("x", -1)).withMessageContaining("maxBytes");
		int[][] ranges = { { -1, 1 }, { 0, -1 }, { 0, 9 }, { 8, 1 }, { 5, 4 }, { Integer.MAX_VALUE, 1 },
				{ 1, Integer.MAX_VALUE } };
		for (int[] range : ranges) {
			assertThatExceptionOfType(IndexOutOfBoundsException.class)
				.isThrownBy(() -> flow.read(buffer, range[0], range[1]));
			assertThatExceptionOfType(IndexOutOfBoundsException.class)
				.isThrownBy(() -> flow.write(buffer, range[0], range[1]));
		}
		assertThatExceptionOfType(IndexOutOfBoundsException.class).isThrownBy(() -> flow.write(buffer, 9));
		assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> flow.write((byte[]) null));
		assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> flow.read((ByteBuffer) null));
		assertThatIllegalArgumentException().isThrownBy(() -> flow.read(ByteBuffer.allocate(4).asReadOnlyBuffer()))
			.withMessageContaining("read-only");
		this.rejected += 6 + 2 * ranges.length;
		assertThat(flows[1].rxQueueLength()).as("nothing was sent by the rejected calls").isZero();
		flow.writeLine("still fine");
		assertThat(flows[1].readLine()).isEqualTo("still fine");
	}

	@Test
	void flagAndFrctMistakesAreRejectedWithWhatToDo() {
		this.server.bind("svc");
		Flow raw = connect("svc")[0];
		assertThatIllegalArgumentException()
			.isThrownBy(() -> raw.setFlags(EnumSet.of(FlowFlag.READ_ONLY, FlowFlag.WRITE_ONLY)))
			.withMessageContaining("2 access modes");
		assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> raw.setFlags(null));
		assertThatExceptionOfType(rocks.ouroboros.flow.FlowPermissionException.class).isThrownBy(raw::frctFlags)
			.withMessageContaining("inOrder");
		Flow data = connect("svc", QosSpec.DATA)[0];
		assertThat(data.frctFlags()).contains(FrctFlag.RETRANSMIT);
		data.setFrctFlags(EnumSet.of(FrctFlag.RESOURCE_CONTROL));
		assertThatIllegalArgumentException().isThrownBy(() -> data.setFrctFlags(Set.of(FrctFlag.RETRANSMIT)))
			.withMessageContaining("can only be cleared");
		assertThat(raw.flags()).isEqualTo(FlowFlag.defaults());
		this.rejected += 4;
	}

	// ---------------------------------------------------------------- packets

	@Test
	void anOversizePacketIsRefusedWithItsSizeAndTheLimitAndNothingIsSent() {
		this.server.bind("svc");
		Flow[] flows = connect("svc");
		for (int size : new int[] { 1025, 4096, 1 << 20 }) {
			assertThatExceptionOfType(MessageTooLargeException.class).isThrownBy(() -> flows[0].write(new byte[size]))
				.withMessageContaining(size + " bytes")
				.satisfies(ex -> {
					assertThat(ex.size()).isEqualTo(size);
					assertThat(ex.limit()).isEqualTo(1024);
				});
			ByteBuffer direct = ByteBuffer.allocateDirect(size);
			assertThatExceptionOfType(MessageTooLargeException.class).isThrownBy(() -> flows[0].write(direct));
			assertThat(direct.remaining()).isEqualTo(size);
			this.rejected += 2;
		}
		assertThat(flows[1].rxQueueLength()).isZero();
		assertThat(flows[0].write(new byte[1024])).isEqualTo(1024);
		assertThat(flows[1].read(2048)).hasSize(1024);
	}

	// ---------------------------------------------------------------- names with security files

	@Test
	void missingOrUnreadableSecurityFilesFailTheBindNamingThePathButNeverItsContents(@TempDir Path dir)
			throws Exception {
		Path key = Files.writeString(dir.resolve("server.key"), SECRET);
		Path missing = dir.resolve("missing.crt");
		Path directory = Files.createDirectory(dir.resolve("not-a-file.pem"));
		List<Throwable> failures = new ArrayList<>();
		failures.add(catchThrowable(() -> this.server.bind("secure", secured(new SecurityPaths(null, key, missing)))));
		failures.add(catchThrowable(() -> this.server.bind("secure", secured(new SecurityPaths(directory, key, null)))));
		failures.add(catchThrowable(() -> this.server.bind("secure", new NameOptions(true, List.of(),
				LoadBalancing.ROUND_ROBIN, SecurityPaths.NONE, new SecurityPaths(null, missing, null)))));
		assertThat(failures.get(0)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("server certificate file " + missing)
			.hasMessageContaining("does not exist");
		assertThat(failures.get(1)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("server encryption file " + directory)
			.hasMessageContaining("not a readable file");
		assertThat(failures.get(2)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("client key file " + missing);
		for (Throwable failure : failures) {
			assertThat(failure.getMessage()).doesNotContain("TOP-SECRET").doesNotContain("BEGIN PRIVATE KEY");
		}
		assertThat(this.server.boundNames()).isEmpty();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new NameOptions(false, List.of(), LoadBalancing.ROUND_ROBIN,
					new SecurityPaths(null, key, null), SecurityPaths.NONE))
			.withMessageContaining("set create");
		assertThat(new SecurityPaths(null, key, null).toString()).doesNotContain("TOP-SECRET");
		assertThatCode(() -> this.server.bind("secure", secured(new SecurityPaths(null, key, null))))
			.doesNotThrowAnyException();
		this.rejected += 4;
	}

	private static NameOptions secured(SecurityPaths server) {
		return new NameOptions(true, List.of(), LoadBalancing.ROUND_ROBIN, server, SecurityPaths.NONE);
	}

	// ---------------------------------------------------------------- layer limits

	@Test
	void embeddedLayerLimitsOutOfRangeAreRejectedNamingTheLimit() {
		assertThatIllegalArgumentException().isThrownBy(() -> EmbeddedLayer.builder().maxPacketSize(0))
			.withMessageContaining("maxPacketSize");
		assertThatIllegalArgumentException().isThrownBy(() -> EmbeddedLayer.builder().ringCapacity(-1))
			.withMessageContaining("ringCapacity");
		assertThatIllegalArgumentException().isThrownBy(() -> EmbeddedLayer.builder().maxFlowsPerProcess(0))
			.withMessageContaining("maxFlowsPerProcess");
		assertThatIllegalArgumentException().isThrownBy(() -> EmbeddedLayer.builder().allocTimeout(Duration.ZERO))
			.withMessageContaining("allocTimeout");
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.newFlowSet().add(connectOther()))
			.withMessageContaining("another Ouroboros instance");
		this.rejected += 5;
	}

	// ---------------------------------------------------------------- helpers

	private Flow connectOther() {
		this.server.bind("svc");
		return connect("svc")[1];
	}

	private Flow[] connect(String name) {
		return connect(name, QosSpec.RAW);
	}

	private Flow[] connect(String name, QosSpec qos) {
		CompletableFuture<Flow> accepted = CompletableFuture.supplyAsync(() -> this.server.accept(Duration.ofSeconds(5)));
		Flow flow = this.client.alloc(name, qos, Duration.ofSeconds(5));
		return new Flow[] { flow, accepted.join() };
	}

}
