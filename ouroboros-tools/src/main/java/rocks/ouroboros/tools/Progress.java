package rocks.ouroboros.tools;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress line every second on a long run, so a quiet run shows that it is alive. The hot
 * path calls {@link #tick(long, long)}, which only compares two numbers until a line is due.
 */
public final class Progress {

	private static final long PERIOD_NANOS = 1_000_000_000L;

	private final PrintStream out;

	private final String what;

	private final boolean enabled;

	private long start;

	private long due;

	private long lastCount;

	private long lastTime;

	/**
	 * @param out where lines go (standard error, so that standard output stays the C tool's)
	 * @param what what is counted ("round trips", "packets")
	 * @param enabled whether to print at all
	 */
	public Progress(PrintStream out, String what, boolean enabled) {
		this.out = out;
		this.what = what;
		this.enabled = enabled;
	}

	/** Starts the clock. */
	public void start(long now) {
		this.start = now;
		this.lastTime = now;
		this.lastCount = 0;
		this.due = now + PERIOD_NANOS;
	}

	/** Prints a line when one is due. */
	public void tick(long now, long count) {
		if (now >= this.due && this.enabled) {
			print(now, count);
		}
	}

	private void print(long now, long count) {
		double rate = (count - this.lastCount) * 1e9 / Math.max(1, now - this.lastTime);
		this.out.printf(Locale.ROOT, "[%6.1f s] %d %s, %.0f/s%n", (now - this.start) / 1e9, count, this.what, rate);
		this.lastCount = count;
		this.lastTime = now;
		this.due = now + PERIOD_NANOS;
	}

}
