package rocks.ouroboros.jna;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Drives a {@link PeerMain} in another JVM; {@link #close()} always ends it. */
public final class Peer implements AutoCloseable {

	private final Process process;

	/** Lines the peer printed, read by a thread of this peer (not a shared pool, which may have one thread). */
	private final java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();

	private final Writer in;

	private static final String END = new String("<end>");

	final int pid;

	private Peer(Process process) throws IOException {
		this.process = process;
		BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		Thread reader = new Thread(() -> {
			try {
				for (String line = out.readLine(); line != null; line = out.readLine()) {
					this.lines.add(line);
				}
			}
			catch (IOException ex) {
				// the peer ended
			}
			this.lines.add(END);
		}, "peer-output-" + process.pid());
		reader.setDaemon(true);
		reader.start();
		this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
		String ready = nextLine(30);
		assertThat(ready).as("peer start").startsWith("ready ");
		this.pid = Integer.parseInt(ready.substring(6).trim());
	}

	public static Peer start() throws IOException {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1", "-Xss512k"));
		if (Runtime.version().feature() >= 22) {
			// the peer runs on the same JDK: native access as the test JVM has it (FFM calls, no warning)
			command.add("--enable-native-access=ALL-UNNAMED");
		}
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), PeerMain.class.getName()));
		Process process = new ProcessBuilder(command)
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		try {
			return new Peer(process);
		}
		catch (IOException | RuntimeException | Error ex) {
			process.destroyForcibly();
			throw ex;
		}
	}

	/** Sends a command and returns the answer, failing unless it starts with "ok". */
	public String ok(String command) {
		String answer = send(command, 30);
		assertThat(answer).as("peer answer to '%s'", command).startsWith("ok");
		return answer.length() > 3 ? answer.substring(3) : "";
	}

	/** Sends a command without waiting for the answer (take it with {@link #answer}). */
	public void post(String command) {
		try {
			this.in.write(command + "\n");
			this.in.flush();
		}
		catch (IOException ex) {
			throw new IllegalStateException("peer gone", ex);
		}
	}

	public String answer(int seconds) {
		return nextLine(seconds);
	}

	public String send(String command, int seconds) {
		post(command);
		return nextLine(seconds);
	}

	private String nextLine(int seconds) {
		try {
			String result = this.lines.poll(seconds, TimeUnit.SECONDS);
			if (result == null) {
				throw new IllegalStateException("the peer did not answer within " + seconds + " s");
			}
			if (result == END) {
				this.lines.add(END);
				throw new IllegalStateException("the peer process ended");
			}
			return result;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Kills the peer at once, as a crash would. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
	}

	@Override
	public void close() {
		try {
			post("exit");
			if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (RuntimeException ex) {
			this.process.destroyForcibly();
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
