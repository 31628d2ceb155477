package rocks.ouroboros.tools.cbr;

import rocks.ouroboros.tools.Arguments;
import rocks.ouroboros.tools.BackendChoice;
import rocks.ouroboros.tools.CommonOptions;
import rocks.ouroboros.tools.Pacing;
import rocks.ouroboros.tools.UsageException;

/**
 * The command line of {@code JavaCbr}: {@code ocbr}'s options and defaults (60 s, 1000-byte
 * packets, 1 Mb/s, sleeping between packets), plus {@code --backend} and {@code --no-progress}.
 *
 * @param listen run the receiver ({@code -l})
 * @param reportSeconds receiver report interval ({@code -i})
 * @param timeoutSeconds receiver ends a flow silent this long ({@code -t})
 * @param serverName name to send to, or for a receiver the name to bind ({@code -n})
 * @param durationSeconds how long to send ({@code -d})
 * @param size packet size in bytes ({@code -s})
 * @param rate bits per second ({@code -r}), ignored when flooding
 * @param flood send as fast as possible ({@code -f})
 * @param sleep sleep between packets ({@code --sleep}, default) rather than spin ({@code --spin})
 * @param backend which backend to use
 * @param progress a progress line each second on standard error
 */
public record CbrOptions(boolean listen, long reportSeconds, long timeoutSeconds, String serverName,
		long durationSeconds, int size, long rate, boolean flood, boolean sleep, BackendChoice backend,
		boolean progress) {

	/** {@code BUF_SIZE}: the largest packet and the receiver's buffer. */
	public static final int MAX_SIZE = 524_288;

	/** The longest flood whose nanoseconds fit the sender's clock arithmetic (about 292 years). */
	public static final long MAX_DURATION_SECONDS = Long.MAX_VALUE / 1_000_000_000L;

	/** The name a receiver binds when {@code -n} is not given. */
	public static final String DEFAULT_SERVER_NAME = "ocbr";

	public static final String USAGE = """
			Usage: JavaCbr [OPTION]...
			Sends packets from client to server at a constant bit rate.

			  -l, --listen              Run in server mode

			Server options:
			  -i, --interval            Server report interval (s)
			  -t, --timeout             Server timeout interval (s)

			Client options:
			  -n, --server_apn          Specify the name of the server.
			  -d, --duration            Duration for sending (s)
			  -f, --flood               Send packets as fast as possible
			  -s, --size                packet size (B, max 524288 B)
			  -r, --rate                Rate (b/s)
			      --sleep               Sleep in between sending packets
			      --spin                Spin CPU between sending packets

			""" + CommonOptions.usage(28, "a receiver in this JVM for the client to send to");

	/**
	 * Parses a command line.
	 * @throws UsageException when it is wrong, saying how
	 */
	public static CbrOptions parse(String... argv) {
		Arguments args = new Arguments(argv);
		boolean listen = false;
		long interval = 1;
		long timeout = 1;
		String name = null;
		long duration = 60;
		long size = 1000;
		long rate = 1_000_000;
		boolean flood = false;
		boolean sleep = true;
		CommonOptions common = new CommonOptions();
		while (args.hasNext()) {
			String option = args.next();
			switch (option) {
				case "-l", "--listen" -> listen = true;
				case "-i", "--interval" -> interval = args.longValue(option, 1);
				case "-t", "--timeout" -> timeout = args.longValue(option, 1);
				case "-n", "--server_apn", "--server-name" -> name = args.value(option);
				case "-d", "--duration" -> duration = args.longValue(option, 1);
				case "-s", "--size" -> size = args.longValue(option, 0);
				case "-r", "--rate" -> rate = args.rateValue(option);
				case "-f", "--flood" -> flood = true;
				case "--sleep" -> sleep = true;
				case "--spin" -> sleep = false;
				default -> common.read(option, args);
			}
		}
		if (duration > MAX_DURATION_SECONDS) {
			throw new UsageException("option -d: the longest flood is " + MAX_DURATION_SECONDS + " s, asked " + duration);
		}
		if (size > MAX_SIZE) {
			throw new UsageException("option -s: the largest packet is " + MAX_SIZE + " bytes, asked " + size);
		}
		if (listen) {
			name = (name != null) ? name : DEFAULT_SERVER_NAME;
		}
		else if (name == null) {
			throw new UsageException("no server specified: give the receiver's name with -n, such as -n ocbr");
		}
		return new CbrOptions(listen, interval, timeout, name, duration, (int) size, rate, flood, sleep,
				common.backend(), common.progress());
	}

	/** Nanoseconds between two packets at the rate, as {@code ocbr} computes it. */
	public long gapNanos() {
		return Pacing.gapNanos(this.size, this.rate);
	}

}
