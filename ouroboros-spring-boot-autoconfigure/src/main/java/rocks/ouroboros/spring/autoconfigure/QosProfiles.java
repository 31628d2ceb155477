package rocks.ouroboros.spring.autoconfigure;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import rocks.ouroboros.flow.QosPreset;
import rocks.ouroboros.flow.QosSpec;

/**
 * The QoS profiles of {@code ouroboros.qos.<profile>}, built into {@link QosSpec}s once at
 * start-up; a value out of range fails start-up naming its property. Flows refer to a profile
 * by name, or to a preset by its name in any case ({@code data}, {@code BEST_EFFORT},
 * {@code best-effort}).
 */
public final class QosProfiles {

	private static final Pattern BANDWIDTH = Pattern.compile("(\\d+)\\s*(bit|kbit|mbit|gbit)?(/s)?");

	private final Map<String, QosSpec> profiles;

	private QosProfiles(Map<String, QosSpec> profiles) {
		this.profiles = Collections.unmodifiableMap(profiles);
	}

	/**
	 * Builds every profile.
	 * @throws InvalidConfigurationPropertyValueException naming the property of a bad value
	 */
	public static QosProfiles of(Map<String, OuroborosProperties.Qos> properties) {
		Map<String, QosSpec> profiles = new LinkedHashMap<>();
		properties.forEach((name, qos) -> profiles.put(name, build("ouroboros.qos." + name, qos)));
		return new QosProfiles(profiles);
	}

	/** The names of the profiles. */
	public Set<String> names() {
		return this.profiles.keySet();
	}

	/** The profile {@code name}, or else the preset of that name, or {@code null}. */
	public @Nullable QosSpec find(String name) {
		QosSpec spec = this.profiles.get(name);
		if (spec != null) {
			return spec;
		}
		String preset = name.trim().replace('-', '_').toUpperCase(Locale.ROOT);
		for (QosPreset candidate : QosPreset.values()) {
			if (candidate.name().equals(preset)) {
				return candidate.spec();
			}
		}
		return null;
	}

	/**
	 * The profile or preset {@code name}.
	 * @param property the property that names it, for the message
	 * @throws InvalidConfigurationPropertyValueException when there is no such profile or preset
	 */
	public QosSpec get(String name, String property) {
		QosSpec spec = find(name);
		if (spec == null) {
			throw new InvalidConfigurationPropertyValueException(property, name,
					"There is no QoS profile or preset of that name. Define ouroboros.qos." + name
							+ ".preset, or use a profile " + names() + " or a preset (raw, raw-no-errors, best-effort,"
							+ " video, voice, data)");
		}
		return spec;
	}

	static QosSpec build(String prefix, OuroborosProperties.Qos qos) {
		QosSpec.Builder builder = qos.getPreset().spec().toBuilder();
		if (qos.getDelay() != null) {
			builder.delayMillis(millis(prefix + ".delay", qos.getDelay()));
		}
		if (qos.getBandwidth() != null) {
			builder.bandwidth(bandwidth(prefix + ".bandwidth", qos.getBandwidth()));
		}
		if (qos.getAvailability() != null) {
			builder.availability(checked(prefix + ".availability", qos.getAvailability(), 0, 255));
		}
		if (qos.getLoss() != null) {
			builder.loss(checked(prefix + ".loss", qos.getLoss(), 0, QosSpec.UINT32_MAX));
		}
		if (qos.getBer() != null) {
			builder.ber(checked(prefix + ".ber", qos.getBer(), 0, QosSpec.UINT32_MAX));
		}
		if (qos.getInOrder() != null) {
			builder.inOrder(qos.getInOrder());
		}
		if (qos.getMaxGap() != null) {
			builder.maxGapMillis(millis(prefix + ".max-gap", qos.getMaxGap()));
		}
		if (qos.getPeerTimeout() != null) {
			builder.timeoutMillis(millis(prefix + ".peer-timeout", qos.getPeerTimeout()));
		}
		return builder.build();
	}

	private static long millis(String property, Duration duration) {
		if (duration.isNegative()) {
			throw new InvalidConfigurationPropertyValueException(property, duration, "It must not be negative");
		}
		if (duration.compareTo(Duration.ofMillis(QosSpec.UINT32_MAX)) > 0) {
			throw new InvalidConfigurationPropertyValueException(property, duration,
					"It must be at most " + QosSpec.UINT32_MAX + " ms (an unsigned 32-bit count of milliseconds)");
		}
		return duration.toMillis();
	}

	private static <N extends Number> N checked(String property, N value, long min, long max) {
		if (value.longValue() < min || value.longValue() > max) {
			throw new InvalidConfigurationPropertyValueException(property, value,
					"It must be between " + min + " and " + max);
		}
		return value;
	}

	/**
	 * Bits per second of a bandwidth: a number with an optional unit {@code bit}, {@code kbit},
	 * {@code Mbit} or {@code Gbit} (powers of 1000) and optional {@code /s}, or {@code unlimited}.
	 */
	static long bandwidth(String property, String text) {
		String value = text.trim().toLowerCase(Locale.ROOT);
		if (value.equals("unlimited")) {
			return QosSpec.UNLIMITED_BANDWIDTH;
		}
		Matcher matcher = BANDWIDTH.matcher(value);
		if (!matcher.matches()) {
			throw new InvalidConfigurationPropertyValueException(property, text,
					"Give bits per second with an optional unit, such as 100000, 100kbit, 10Mbit or 1Gbit, or 'unlimited'");
		}
		String unit = matcher.group(2);
		long factor = (unit == null || unit.equals("bit")) ? 1
				: switch (unit) {
					case "kbit" -> 1_000L;
					case "mbit" -> 1_000_000L;
					default -> 1_000_000_000L;
				};
		try {
			return Math.multiplyExact(Long.parseLong(matcher.group(1)), factor);
		}
		catch (ArithmeticException | NumberFormatException ex) {
			throw new InvalidConfigurationPropertyValueException(property, text,
					"It is larger than " + Long.MAX_VALUE + " bit/s; use 'unlimited' for the whole link");
		}
	}

}
