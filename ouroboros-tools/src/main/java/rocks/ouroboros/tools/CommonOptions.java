package rocks.ouroboros.tools;

import java.io.PrintStream;

/**
 * What the tools' command lines share: the options every tool takes beyond its C twin's
 * ({@code --backend}, {@code --no-progress} and {@code -h}/{@code --help}) with their lines of
 * the usage text, and the client packet size adjustment of {@code oping} and {@code operf}. A
 * tool's parser reads its own options and hands every other one to {@link #read}, so that the
 * three tools spell, default and reject these the same way.
 */
public final class CommonOptions {

	private BackendChoice backend = BackendChoice.AUTO;

	private boolean progress = true;

	/**
	 * Reads {@code option}, one the tool does not know itself.
	 * @throws HelpRequested for {@code -h} and {@code --help}
	 * @throws UsageException when it is none of these options, or its value is wrong
	 */
	public void read(String option, Arguments args) {
		switch (option) {
			case "--backend" -> this.backend = args.enumValue(option, BackendChoice.class);
			case "--no-progress" -> this.progress = false;
			case "-h", "--help" -> throw new HelpRequested();
			default -> throw args.unknown(option);
		}
	}

	/** Which backend to use ({@code --backend}, default {@code auto}). */
	public BackendChoice backend() {
		return this.backend;
	}

	/** Whether to print a progress line each second on standard error (off with {@code --no-progress}). */
	public boolean progress() {
		return this.progress;
	}

	/**
	 * The usage lines of these options, their descriptions starting at {@code column} as the
	 * tool's other lines do.
	 * @param embedded what an embedded client runs for itself ("a server in this JVM for the
	 * client to ping")
	 */
	public static String usage(int column, String embedded) {
		return line(column, "--backend", "auto (default), native or embedded; embedded runs")
				+ " ".repeat(column) + embedded + "\n" + line(column, "--no-progress", "No progress lines on standard error")
				+ line(column, "--help", "Display this help text and exit");
	}

	private static String line(int column, String option, String description) {
		String name = "      " + option;
		return name + " ".repeat(column - name.length()) + description + "\n";
	}

	/**
	 * A client's packet size held to {@code min..max} bytes, noting an adjustment on
	 * {@code notes} in the words of {@code oping} and {@code operf}.
	 */
	public static int clientSize(PrintStream notes, long size, int min, int max) {
		if (size > max) {
			notes.printf("Packet size truncated to %d bytes.%n", max);
			return max;
		}
		if (size < min) {
			notes.println("Packet size set to " + min + " bytes.");
			return min;
		}
		return (int) size;
	}

}
