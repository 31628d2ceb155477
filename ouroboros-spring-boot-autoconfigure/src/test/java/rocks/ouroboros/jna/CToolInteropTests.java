package rocks.ouroboros.jna;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowDownException;
import rocks.ouroboros.flow.NameOptions;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.QosSpec;
import rocks.ouroboros.jna.irm.Irm;
import rocks.ouroboros.jna.irm.NameInfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Java flow API against upstream's C tools: {@code oecho} both ways and {@code oping}'s
 * server. Each C server started here is bound to a fresh name, and killed and unbound after.
 */
@NativeOuroboros
class CToolInteropTests {

	@TempDir
	Path dir;

	private Ouroboros ouroboros;

	private Irm irm;

	@BeforeEach
	void open() {
		this.ouroboros = NativeBackend.open(NativeSettings.defaults());
		this.irm = NativeBackend.irm(NativeSettings.defaults());
	}

	@AfterEach
	void close() {
		this.ouroboros.close();
	}

	@Test
	void theCOechoClientGetsItsMessageEchoedByAJavaServer() throws Exception {
		Path oecho = CTool.require("oecho");
		Assumptions.assumeFalse(CTool.running("oecho", "-l"),
				"a C 'oecho -l' server runs on this machine and would take the client's flow");
		this.ouroboros.bind("oecho", this.irm.nameExists("oecho") ? NameOptions.BIND_ONLY : NameOptions.createIn("local"));
		CompletableFuture<Flow> accepted = CompletableFuture.supplyAsync(() -> this.ouroboros.accept(Duration.ofSeconds(20)));
		CompletableFuture<CTool.Result> client = CompletableFuture.supplyAsync(() -> {
			try {
				return CTool.run(this.dir, 20, oecho.toString());
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		Flow flow = accepted.get(25, TimeUnit.SECONDS);
		assertThat(flow.name()).isEqualTo("oecho");
		flow.setReadTimeout(Duration.ofSeconds(10));
		byte[] packet = flow.read(2048);
		assertThat(packet).isEqualTo("Client says hi!\0".getBytes(StandardCharsets.US_ASCII));
		flow.write(packet);
		CTool.Result result = client.get(25, TimeUnit.SECONDS);
		System.out.println("oecho client: " + result.output().trim());
		assertThat(result.exitCode()).isZero();
		assertThat(result.output()).contains("Server replied with Client says hi!");
		assertThatExceptionOfType(FlowDownException.class).isThrownBy(() -> flow.read(2048));
	}

	@Test
	void aJavaClientGetsAnEchoFromTheCOechoServer() throws Exception {
		Path oecho = CTool.require("oecho");
		String name = "jtest-oecho-" + UUID.randomUUID().toString().substring(0, 8);
		try (CTool server = CTool.start(this.dir, oecho.toString(), "-l"); BoundName bound = bind(name, server)) {
			Flow flow = this.ouroboros.alloc(name, QosSpec.RAW, Duration.ofSeconds(10));
			byte[] message = "Hello from Java\0".getBytes(StandardCharsets.US_ASCII);
			flow.write(message);
			flow.setReadTimeout(Duration.ofSeconds(10));
			assertThat(flow.read(2048)).isEqualTo(message);
			if (CTool.find("stdbuf").isPresent()) {
				assertThat(waitForOutput(server, "Message from client is")).contains("Message from client is Hello from Java");
			}
			System.out.println("oecho server: " + server.output().trim().replace('\n', '|'));
		}
	}

	@Test
	void opingPacketsRoundTripThroughTheCOpingServer() throws Exception {
		Path oping = CTool.require("oping");
		String name = "jtest-oping-" + UUID.randomUUID().toString().substring(0, 8);
		try (CTool server = CTool.start(this.dir, oping.toString(), "-l"); BoundName bound = bind(name, server)) {
			Flow flow = this.ouroboros.alloc(name, QosSpec.RAW, Duration.ofSeconds(10));
			flow.setReadTimeout(Duration.ofSeconds(5));
			for (int id = 0; id < 10; id++) {
				// struct oping_msg: u32 type (0 request, 1 reply) and u32 id in network order, then
				// u64 tv_sec and u64 tv_nsec in the sender's order; 64 bytes by default
				long now = System.nanoTime();
				ByteBuffer request = ByteBuffer.allocate(64).order(ByteOrder.BIG_ENDIAN);
				request.putInt(0).putInt(id).order(ByteOrder.nativeOrder()).putLong(now / 1_000_000_000L)
					.putLong(now % 1_000_000_000L);
				flow.write(request.array());
				byte[] reply = flow.read(1500);
				assertThat(reply).hasSize(64);
				ByteBuffer answer = ByteBuffer.wrap(reply).order(ByteOrder.BIG_ENDIAN);
				assertThat(answer.getInt()).as("type ECHO_REPLY").isEqualTo(1);
				assertThat(answer.getInt()).as("id").isEqualTo(id);
				assertThat(Arrays.copyOfRange(reply, 8, 64)).isEqualTo(Arrays.copyOfRange(request.array(), 8, 64));
			}
			System.out.println("oping server: " + waitForOutput(server, "Received 64 bytes").trim().replace('\n', '|'));
		}
	}

	private static String waitForOutput(CTool tool, String text) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		String output = tool.output();
		while (!output.contains(text) && System.nanoTime() < deadline) {
			TimeUnit.MILLISECONDS.sleep(50);
			output = tool.output();
		}
		return output;
	}

	/** Creates {@code name}, registers it in {@code local} and binds the C server to it; undoes it all. */
	private BoundName bind(String name, CTool server) throws Exception {
		int ipcp = this.irm.ipcpsInLayer("local").get(0).pid();
		this.irm.createName(NameInfo.of(name));
		BoundName bound = new BoundName(this.irm, name, ipcp, (int) server.pid());
		try {
			this.irm.registerName(name, ipcp);
			bound.registered = true;
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (true) {
				try {
					// irmd knows the process only once its dev library announced it
					this.irm.bindProcess((int) server.pid(), name);
					bound.bound = true;
					break;
				}
				catch (RuntimeException ex) {
					if (System.nanoTime() > deadline) {
						throw ex;
					}
					TimeUnit.MILLISECONDS.sleep(50);
				}
			}
			TimeUnit.MILLISECONDS.sleep(200); // let the server reach flow_accept
			return bound;
		}
		catch (Exception | Error ex) {
			bound.close();
			throw ex;
		}
	}

	private static final class BoundName implements AutoCloseable {

		private final Irm irm;

		private final String name;

		private final int ipcp;

		private final int pid;

		boolean registered;

		boolean bound;

		BoundName(Irm irm, String name, int ipcp, int pid) {
			this.irm = irm;
			this.name = name;
			this.ipcp = ipcp;
			this.pid = pid;
		}

		@Override
		public void close() {
			try {
				if (this.bound) {
					this.irm.unbindProcess(this.pid, this.name);
				}
			}
			catch (RuntimeException ex) {
				// the server may be gone already
			}
			if (this.registered) {
				this.irm.unregisterName(this.name, this.ipcp);
			}
			this.irm.destroyName(this.name);
		}

	}

}
