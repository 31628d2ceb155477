package rocks.ouroboros.tools.perf;

import java.io.PrintStream;

import rocks.ouroboros.tools.Arguments;
import rocks.ouroboros.tools.BackendChoice;
import rocks.ouroboros.tools.CommonOptions;
import rocks.ouroboros.tools.Pacing;
import rocks.ouroboros.tools.UsageException;

/**
 * The command line of {@code JavaPerf}: {@code operf}'s options and defaults (one-way, 60 s,
 * 1500-byte packets, 1 Mb/s; a rate without unit is in kb/s, as {@code operf} reads it), plus
 * {@code --backend} and {@code --no-progress}.
 *
 * @param listen run the server ({@code -l})
 * @param bidirectional echo test ({@code -t bi}) rather than one-way ({@code -t uni})
 * @param serverName name to test, or for a server the name to bind ({@code -n})
 * @param durationMillis how long to send ({@code -d})
 * @param rate bits per second ({@code -r})
 * @param size packet size ({@code -s})
 * @param flood send as fast as possible ({@code -f})
 * @param sleep sleep between packets rather than spin ({@code --sleep})
 * @param backend which backend to use
 * @param progress a progress line each second on standard error
 */
public record PerfOptions(boolean listen, boolean bidirectional, String serverName, long durationMillis, long rate,
		int size, boolean flood, boolean sleep, BackendChoice backend, boolean progress) {

	/** The name a server binds when {@code -n} is not given. */
	public static final String DEFAULT_SERVER_NAME = "operf";

	/** The longest test whose nanoseconds fit the client's clock arithmetic (about 292 years). */
	public static final long MAX_DURATION_MILLIS = Long.MAX_VALUE / 1_000_000L;

	public static final String USAGE = """
			Usage: JavaPerf [OPTION]...
			Measures bandwidth between a client and a server
			  -l, --listen              Run in server mode
			  -t, --test                The type of test [uni, bi] (default uni)
			  -n, --server-name         Name of the operf server
			  -d, --duration            Test duration (default 60s)
			  -r, --rate                Rate (b/s)
			  -s, --size                Payload size (B, default 1500)
			  -f, --flood               Send packets as fast as possible
			      --sleep               Sleep in between sending packets

			""" + CommonOptions.usage(28, "a server in this JVM for the client to test");

	/**
	 * Parses a command line; notes about adjusted sizes ({@code operf} prints the same) go to
	 * {@code notes}.
	 * @throws UsageException when it is wrong, saying how
	 */
	public static PerfOptions parse(PrintStream notes, String... argv) {
		Arguments args = new Arguments(argv);
		boolean listen = false;
		boolean bi = false;
		String name = null;
		long duration = 60_000;
		long rate = 1_000_000;
		long size = 1500;
		boolean flood = false;
		boolean sleep = false;
		CommonOptions common = new CommonOptions();
		while (args.hasNext()) {
			String option = args.next();
			switch (option) {
				case "-l", "--listen" -> listen = true;
				case "-t", "--test" -> bi = switch (args.value(option)) {
					case "uni" -> false;
					case "bi" -> true;
					default -> throw new UsageException("option " + option + " takes uni or bi");
				};
				case "-n", "--server-name" -> name = args.value(option);
				case "-d", "--duration" -> duration = args.millisValue(option);
				case "-r", "--rate" -> rate = operfRate(args, option);
				case "-s", "--size" -> size = args.longValue(option, 0);
				case "-f", "--flood" -> flood = true;
				case "--sleep" -> sleep = true;
				default -> common.read(option, args);
			}
		}
		if (duration > MAX_DURATION_MILLIS) {
			throw new UsageException("option -d: the longest test is " + MAX_DURATION_MILLIS / 1000 + " s, asked "
					+ duration + " ms");
		}
		if (listen) {
			return new PerfOptions(true, bi, (name != null) ? name : DEFAULT_SERVER_NAME, duration, rate,
					(int) Math.min(size, PerfMessage.MAX_SIZE), flood, sleep, common.backend(), common.progress());
		}
		if (name == null) {
			throw new UsageException("no server specified: give the server's name with -n, such as -n operf");
		}
		return new PerfOptions(false, bi, name, duration, rate,
				CommonOptions.clientSize(notes, size, PerfMessage.MIN_SIZE, PerfMessage.MAX_SIZE), flood, sleep,
				common.backend(), common.progress());
	}

	/** {@code operf}'s {@code rate_mul}: no unit means kb/s. */
	private static long operfRate(Arguments args, String option) {
		String text = args.value(option);
		int end = Arguments.digitsEnd(text);
		long multiplier = switch (text.substring(end)) {
			case "", "k" -> 1_000;
			case "M" -> 1_000_000;
			case "G" -> 1_000_000_000;
			default -> throw new UsageException("option " + option + ": unknown rate unit in '" + text
					+ "'; use k (the default), M or G");
		};
		if (end == 0) {
			throw new UsageException("option " + option + " takes a rate such as 500k, 10M or 1G, was '" + text + "'");
		}
		long rate = Arguments.scaled(option, text, end, multiplier);
		if (rate <= 0) {
			throw new UsageException("option " + option + " takes a positive rate, was '" + text + "'");
		}
		return rate;
	}

	/** Nanoseconds between two packets at the rate, as {@code operf} computes it. */
	public long gapNanos() {
		return Pacing.gapNanos(this.size, this.rate);
	}

}
