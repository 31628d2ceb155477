package rocks.ouroboros.tools;

import java.util.Locale;

/**
 * The words of a command line, read one option at a time in the manner of upstream's tools
 * ({@code -c 10}, {@code --count 10}), with checked conversions whose errors name the option.
 */
public final class Arguments {

	private final String[] words;

	private int next;

	public Arguments(String... words) {
		this.words = words.clone();
	}

	/** Whether words are left. */
	public boolean hasNext() {
		return this.next < this.words.length;
	}

	/** The next option. */
	public String next() {
		return this.words[this.next++];
	}

	/** The value that follows {@code option}. */
	public String value(String option) {
		if (!hasNext()) {
			throw new UsageException("option " + option + " needs a value");
		}
		return next();
	}

	/** The value that follows {@code option} as an integer of at least {@code min}. */
	public int intValue(String option, int min) {
		long value = longValue(option, min);
		if (value > Integer.MAX_VALUE) {
			throw new UsageException("option " + option + " takes at most " + Integer.MAX_VALUE + ", was " + value);
		}
		return (int) value;
	}

	/** The value that follows {@code option} as a long of at least {@code min}. */
	public long longValue(String option, long min) {
		String text = value(option);
		long value;
		try {
			value = Long.parseLong(text);
		}
		catch (NumberFormatException ex) {
			throw new UsageException("option " + option + " takes a whole number, was '" + text + "'");
		}
		if (value < min) {
			throw new UsageException("option " + option + " takes a number of at least " + min + ", was " + value);
		}
		return value;
	}

	/**
	 * The value that follows {@code option} as a time in milliseconds: a number with an optional
	 * unit {@code ms} (the default), {@code s}, {@code m}, {@code h} or {@code d}, as upstream's
	 * {@code time_mul}.
	 */
	public long millisValue(String option) {
		String text = value(option);
		int end = digitsEnd(text);
		if (end == 0) {
			throw new UsageException("option " + option + " takes a time such as 200ms, 2s or 1m, was '" + text + "'");
		}
		long multiplier = switch (text.substring(end)) {
			case "", "ms" -> 1;
			case "s" -> 1000;
			case "m" -> 60_000;
			case "h" -> 3_600_000;
			case "d" -> 86_400_000;
			default -> throw new UsageException("option " + option + ": unknown time unit '" + text.substring(end)
					+ "' in '" + text + "'; use ms, s, m, h or d");
		};
		return scaled(option, text, end, multiplier);
	}

	/**
	 * The value that follows {@code option} as a rate in bits per second: a number with an
	 * optional unit {@code k}, {@code M} or {@code G}, as upstream's {@code ocbr}.
	 */
	public long rateValue(String option) {
		String text = value(option);
		int end = digitsEnd(text);
		if (end == 0) {
			throw new UsageException("option " + option + " takes a rate in bit/s such as 500k, 10M or 1G, was '"
					+ text + "'");
		}
		long multiplier = switch (text.substring(end)) {
			case "" -> 1;
			case "k" -> 1_000;
			case "M" -> 1_000_000;
			case "G" -> 1_000_000_000;
			default -> throw new UsageException("option " + option + ": unknown rate unit '" + text.substring(end)
					+ "' in '" + text + "'; use k, M or G");
		};
		long rate = scaled(option, text, end, multiplier);
		if (rate <= 0) {
			throw new UsageException("option " + option + " takes a positive rate, was '" + text + "'");
		}
		return rate;
	}

	/** The value that follows {@code option} as one of {@code choices}, ignoring case. */
	public <E extends Enum<E>> E enumValue(String option, Class<E> type) {
		String text = value(option);
		for (E constant : type.getEnumConstants()) {
			if (constant.name().equalsIgnoreCase(text)) {
				return constant;
			}
		}
		StringBuilder known = new StringBuilder();
		for (E constant : type.getEnumConstants()) {
			known.append(known.isEmpty() ? "" : ", ").append(constant.name().toLowerCase(Locale.ROOT));
		}
		throw new UsageException("option " + option + " takes one of " + known + ", was '" + text + "'");
	}

	/** The exception for an option the tool does not know. */
	public UsageException unknown(String option) {
		return new UsageException("unknown option '" + option + "'");
	}

	/** Where the run of decimal digits that {@code text} starts with ends: the start of its unit. */
	public static int digitsEnd(String text) {
		int end = 0;
		while (end < text.length() && Character.isDigit(text.charAt(end))) {
			end++;
		}
		return end;
	}

	/**
	 * The number that {@code text} starts with (its first {@code end} characters, all digits)
	 * times its unit's {@code multiplier}.
	 * @throws UsageException when the number or the product does not fit a long
	 */
	public static long scaled(String option, String text, int end, long multiplier) {
		try {
			return Math.multiplyExact(Long.parseLong(text, 0, end, 10), multiplier);
		}
		catch (NumberFormatException | ArithmeticException ex) {
			throw new UsageException("option " + option + ": '" + text + "' is too large");
		}
	}

}
