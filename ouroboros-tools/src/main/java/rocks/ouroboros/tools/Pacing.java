package rocks.ouroboros.tools;

import java.util.concurrent.locks.LockSupport;

/** How {@code operf} and {@code ocbr} space the packets of a sender at a rate. */
public final class Pacing {

	private Pacing() {
	}

	/** Nanoseconds between two packets of {@code size} bytes at {@code rate} bit/s, as the C tools compute it. */
	public static long gapNanos(int size, long rate) {
		return (long) (size * 8.0 * (1_000_000_000L / (double) rate));
	}

	/**
	 * Waits out the gap after a packet sent at {@code sent} ({@link System#nanoTime()}): sleeps
	 * for it ({@code --sleep}) or spins until it has passed ({@code --spin}).
	 */
	public static void pause(long sent, long gap, boolean sleep) {
		if (sleep) {
			LockSupport.parkNanos(gap);
		}
		else {
			long deadline = sent + gap;
			while (System.nanoTime() < deadline) {
				Thread.onSpinWait();
			}
		}
	}

}
