package rocks.ouroboros.tools.ping;

import java.io.PrintStream;

import rocks.ouroboros.tools.Arguments;
import rocks.ouroboros.tools.BackendChoice;
import rocks.ouroboros.tools.CommonOptions;
import rocks.ouroboros.tools.ToolQos;
import rocks.ouroboros.tools.UsageException;

/**
 * The command line of {@code JavaPing}: {@code oping}'s options with the same defaults and the
 * same adjustments (a duration turns into a count, sizes are held to 64..1500 bytes, the interval
 * to at most 10 s), plus {@code --backend} and {@code --no-progress}.
 *
 * @param listen run the server ({@code -l})
 * @param poll server polls without waiting ({@code --poll})
 * @param busy server busy-polls a single flow ({@code --busy})
 * @param serverName the name to ping, or for a server the name to bind ({@code -n})
 * @param count packets to send ({@code -c}, or from {@code -d})
 * @param intervalMillis time between pings in the default mode ({@code -i})
 * @param size payload bytes ({@code -s})
 * @param flood send the next ping when the reply came ({@code -f})
 * @param floodBusy flood with non-blocking reads in a busy loop ({@code -F})
 * @param qos the QoS of the flow ({@code -q})
 * @param quiet only the final statistics ({@code -Q})
 * @param timeOfDay print the time of day before each line ({@code -D})
 * @param backend which backend to use ({@code --backend})
 * @param progress a progress line each second on standard error in quiet and flood runs
 */
public record PingOptions(boolean listen, boolean poll, boolean busy, String serverName, long count,
		long intervalMillis, int size, boolean flood, boolean floodBusy, ToolQos qos, boolean quiet,
		boolean timeOfDay, BackendChoice backend, boolean progress) {

	/** The name a server binds when {@code -n} is not given. */
	public static final String DEFAULT_SERVER_NAME = "oping";

	/** {@code oping}'s usage text with the Java options. */
	public static final String USAGE = """
			Usage: JavaPing [OPTION]...

			Checks liveness between a client and a server
			and reports the Round Trip Time (RTT)

			  -l, --listen            Run in server mode
			      --poll              Server uses polling (lower latency)
			      --busy              Server uses busy-poll (single flow)

			  -c, --count             Number of packets
			  -d, --duration          Duration of the test (default 1s)
			  -f, --flood             Send back-to-back without waiting
			  -F, --flood-busy        Flood with busy-polling (lower latency)
			  -i, --interval          Interval (default 1000ms)
			  -n, --server-name       Name of the oping server (server: name to bind, default oping)
			  -q, --qos               QoS (raw, best, video, voice, data)
			  -s, --size              Payload size (B, default 64)
			  -Q, --quiet             Only print final statistics
			  -D, --timeofday         Print time of day before each line

			""" + CommonOptions.usage(26, "a server in this JVM for the client to ping");

	/**
	 * Parses a command line; notes about adjusted values ({@code oping} prints the same) go to
	 * {@code notes}.
	 * @throws UsageException when the command line is wrong, saying how
	 */
	public static PingOptions parse(PrintStream notes, String... argv) {
		Arguments args = new Arguments(argv);
		boolean listen = false;
		boolean poll = false;
		boolean busy = false;
		String name = null;
		long count = Integer.MAX_VALUE;
		long duration = 0;
		long interval = 1000;
		long size = 64;
		boolean flood = false;
		boolean floodBusy = false;
		ToolQos qos = ToolQos.RAW;
		boolean quiet = false;
		boolean timeOfDay = false;
		CommonOptions common = new CommonOptions();
		while (args.hasNext()) {
			String option = args.next();
			switch (option) {
				case "-l", "--listen" -> listen = true;
				case "--poll" -> poll = true;
				case "--busy" -> busy = true;
				case "-c", "--count" -> count = args.longValue(option, 1);
				case "-d", "--duration" -> duration = args.millisValue(option);
				case "-f", "--flood" -> flood = true;
				case "-F", "--flood-busy" -> floodBusy = true;
				case "-i", "--interval" -> interval = args.millisValue(option);
				case "-n", "--server-name" -> name = args.value(option);
				case "-q", "--qos" -> qos = args.enumValue(option, ToolQos.class);
				case "-s", "--size" -> size = args.longValue(option, 0);
				case "-Q", "--quiet" -> quiet = true;
				case "-D", "--timeofday" -> timeOfDay = true;
				default -> common.read(option, args);
			}
		}
		if (flood && floodBusy) {
			throw new UsageException("-f and -F exclude each other: -f floods with blocking reads, -F with busy-polling");
		}
		if (duration > 0) {
			count = (interval == 0) ? duration * 10 : duration / interval;
			if (count == 0) {
				throw new UsageException("a duration of " + duration + " ms at an interval of " + interval
						+ " ms sends no packet: make the duration longer or the interval shorter");
			}
		}
		if (count > 0xFFFF_FFFFL) {
			throw new UsageException("at most 4294967295 packets fit oping's 32-bit sequence numbers, asked " + count);
		}
		if (listen) {
			return new PingOptions(true, poll, busy, (name != null) ? name : DEFAULT_SERVER_NAME, count, interval,
					(int) Math.min(size, PingMessage.MAX_SIZE), flood, floodBusy, qos, quiet, timeOfDay,
					common.backend(), common.progress());
		}
		if (name == null) {
			throw new UsageException("no server specified: give the name to ping with -n, such as -n oping");
		}
		if (interval > 10_000) {
			notes.println("Ping interval truncated to 10s.");
			interval = 10_000;
		}
		return new PingOptions(false, poll, busy, name, count, interval,
				CommonOptions.clientSize(notes, size, PingMessage.MIN_SIZE, PingMessage.MAX_SIZE), flood, floodBusy, qos,
				quiet, timeOfDay, common.backend(), common.progress());
	}

}
