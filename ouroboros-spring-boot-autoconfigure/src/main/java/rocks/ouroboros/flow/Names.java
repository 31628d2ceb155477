package rocks.ouroboros.flow;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/** Checks of what users type: names, layers and timeouts. */
public final class Names {

	/** The longest name upstream accepts, in UTF-8 bytes ({@code NAME_SIZE}). */
	public static final int MAX_NAME_BYTES = 255;

	private Names() {
	}

	/**
	 * Checks a name or layer name and returns it.
	 * @param value the name
	 * @param what what the name is, for the message ("name", "layer")
	 * @return {@code value}
	 * @throws NullPointerException if it is null
	 * @throws IllegalArgumentException if it is empty, blank, too long or has control characters
	 */
	public static String requireValid(@Nullable String value, String what) {
		if (value == null) {
			throw new NullPointerException(what + " must not be null: pass the Ouroboros name to use, such as 'oecho'");
		}
		if (value.isBlank()) {
			throw new IllegalArgumentException(what + " must not be empty or blank: pass the Ouroboros name to use");
		}
		for (int i = 0; i < value.length(); i++) {
			if (Character.isISOControl(value.charAt(i))) {
				throw new IllegalArgumentException(what + " '" + value.replaceAll("\\p{Cntrl}", "?")
						+ "' contains a control character at index " + i + ": names are printable text");
			}
		}
		int bytes = value.getBytes(StandardCharsets.UTF_8).length;
		if (bytes > MAX_NAME_BYTES) {
			throw new IllegalArgumentException(what + " is " + bytes + " bytes in UTF-8; Ouroboros names hold at most "
					+ MAX_NAME_BYTES + " bytes: use a shorter name");
		}
		return value;
	}

	/**
	 * Checks a timeout: {@code null} (no timeout) or not negative.
	 * @param timeout the timeout
	 * @param what what it is for the message
	 * @return {@code timeout}
	 */
	public static @Nullable Duration requireValidTimeout(@Nullable Duration timeout, String what) {
		if (timeout != null && timeout.isNegative()) {
			throw new IllegalArgumentException(
					what + " must not be negative, was " + timeout + ": use Duration.ZERO not to wait, null to wait without limit");
		}
		return timeout;
	}

}
