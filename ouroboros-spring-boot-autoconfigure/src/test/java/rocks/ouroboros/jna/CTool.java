package rocks.ouroboros.jna;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/** A C tool of Ouroboros started by a test; {@link #close()} always ends it. */
final class CTool implements AutoCloseable {

	private final Process process;

	private final Path output;

	private CTool(Process process, Path output) {
		this.process = process;
		this.output = output;
	}

	/** The tool on the PATH; aborts the test when it is not installed. */
	static Path require(String tool) {
		Optional<Path> found = find(tool);
		Assumptions.assumeTrue(found.isPresent(), "the C tool '" + tool + "' is not on the PATH");
		return found.get();
	}

	static Optional<Path> find(String tool) {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			Path candidate = Path.of(dir, tool);
			if (Files.isExecutable(candidate)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

	/** Starts a tool, line-buffering its output through {@code stdbuf} when that is installed. */
	static CTool start(Path workDir, String... command) throws IOException {
		Path output = Files.createTempFile(workDir, "ctool", ".out");
		List<String> line = new ArrayList<>();
		find("stdbuf").ifPresent((stdbuf) -> line.addAll(List.of(stdbuf.toString(), "-oL")));
		line.addAll(List.of(command));
		Process process = new ProcessBuilder(line).redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.start();
		return new CTool(process, output);
	}

	/** Runs a tool to its end, at most {@code seconds}, and returns its exit code and output. */
	static Result run(Path workDir, int seconds, String... command) throws Exception {
		try (CTool tool = start(workDir, command)) {
			boolean ended = tool.process.waitFor(seconds, TimeUnit.SECONDS);
			return new Result(ended ? tool.process.exitValue() : -1, tool.output());
		}
	}

	record Result(int exitCode, String output) {
	}

	long pid() {
		return this.process.pid();
	}

	String output() throws IOException {
		return Files.readString(this.output, StandardCharsets.UTF_8);
	}

	/** Whether a process whose command is {@code tool} with all of {@code args} runs on this machine. */
	static boolean running(String tool, String... args) {
		return ProcessHandle.allProcesses().anyMatch((p) -> {
			Optional<String> command = p.info().command();
			if (command.isEmpty() || !command.get().endsWith("/" + tool)) {
				return false;
			}
			List<String> actual = new ArrayList<>(List.of(p.info().arguments().orElse(new String[0])));
			return actual.containsAll(List.of(args));
		});
	}

	@Override
	public void close() {
		try {
			this.process.destroy();
			if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
