package rocks.ouroboros.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * What a reliability run tried and survived, counted by the tests as they go and printed when the
 * test plan ends (and written to {@code target/reliability.md}); registered as a JUnit Platform
 * listener in {@code META-INF/services}. Prints nothing when no reliability test ran.
 */
public final class ReliabilityFigures implements TestExecutionListener {

	private static final Map<String, LongAdder> figures = new ConcurrentHashMap<>();

	/** Adds {@code amount} to the figure {@code name} ("sequences tried", "requests answered"...). */
	public static void add(String name, long amount) {
		figures.computeIfAbsent(name, n -> new LongAdder()).add(amount);
	}

	/** The figure {@code name} so far. */
	static long get(String name) {
		LongAdder adder = figures.get(name);
		return (adder != null) ? adder.sum() : 0;
	}

	@Override
	public void testPlanExecutionFinished(TestPlan testPlan) {
		if (figures.isEmpty()) {
			return;
		}
		Map<String, Long> sorted = new TreeMap<>();
		figures.forEach((name, adder) -> sorted.put(name, adder.sum()));
		StringBuilder table = new StringBuilder();
		table.append("| figure | count |\n| --- | ---: |\n");
		sorted.forEach((name, value) -> table.append("| ").append(name).append(" | ").append(value).append(" |\n"));
		String mode = Soak.ENABLED ? "soak (-Douroboros.soak=true)" : "CI size";
		System.out.println();
		System.out.println("Ouroboros reliability figures, " + mode + ":");
		System.out.print(table);
		try {
			Path target = Path.of("target");
			if (Files.isDirectory(target)) {
				Files.writeString(target.resolve("reliability.md"),
						"# Reliability figures (" + mode + ")\n\n" + table);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
