package rocks.ouroboros.jna;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * Compiles a small C program against the installed Ouroboros headers and returns the values it
 * prints ({@code sizeof}, {@code offsetof}, macros, enum values), so that tests compare what the
 * Java side hard-codes with what the C compiler sees. Aborts the test when gcc or the headers
 * are missing.
 */
public final class CProbe {

	/** Where the headers are looked for: the first of the system include directories that has them. */
	public static final Path INCLUDE = Stream.of("/usr/local/include", "/usr/include")
		.map(Path::of)
		.filter((directory) -> Files.isReadable(directory.resolve("ouroboros/qos.h")))
		.findFirst()
		.orElse(Path.of("/usr/local/include"));

	private CProbe() {
	}

	/**
	 * @param headers the headers to include, such as {@code "ouroboros/qos.h"}
	 * @param expressions name to C expression of type size_t or int
	 */
	public static Map<String, Long> values(Path workDir, String[] headers, Map<String, String> expressions)
			throws IOException, InterruptedException {
		Assumptions.assumeTrue(Files.isReadable(INCLUDE.resolve("ouroboros/qos.h")),
				"the Ouroboros headers are not installed in /usr/local/include or /usr/include");
		StringBuilder source = new StringBuilder("#include <stdio.h>\n#include <stddef.h>\n#include <time.h>\n");
		for (String header : headers) {
			source.append("#include <").append(header).append(">\n");
		}
		source.append("int main(void) {\n");
		expressions.forEach((name, expression) -> source.append("  printf(\"%s=%lld\\n\", \"").append(name)
			.append("\", (long long) (").append(expression).append("));\n"));
		source.append("  return 0;\n}\n");
		Path c = workDir.resolve("probe.c");
		Path binary = workDir.resolve("probe");
		Files.writeString(c, source);
		Path compiler = CTool.find("gcc").orElse(null);
		Assumptions.assumeTrue(compiler != null, "gcc is not on the PATH");
		Process gcc = new ProcessBuilder(compiler.toString(), "-I" + INCLUDE, "-o", binary.toString(), c.toString())
			.redirectErrorStream(true)
			.start();
		String gccOutput = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!gcc.waitFor(60, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
			throw new IllegalStateException("gcc failed:\n" + gccOutput + "\n" + source);
		}
		Process run = new ProcessBuilder(binary.toString()).redirectErrorStream(true).start();
		String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		run.waitFor(10, TimeUnit.SECONDS);
		Map<String, Long> values = new LinkedHashMap<>();
		for (String line : output.split("\n")) {
			int eq = line.indexOf('=');
			if (eq > 0) {
				values.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1).trim()));
			}
		}
		return values;
	}

}
