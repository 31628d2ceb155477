package rocks.ouroboros.spring.metrics;

import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import rocks.ouroboros.flow.QosPreset;
import rocks.ouroboros.flow.QosSpec;
import rocks.ouroboros.spring.autoconfigure.QosProfiles;

/**
 * Names a flow's QoS for tags and reports: the name of the configured profile whose spec equals
 * it, else the name of the upstream preset it equals ({@code raw}, {@code best-effort}, ...),
 * else {@value #CUSTOM}. Names come from configuration, never from the flow, so they stay few.
 */
public final class QosProfileNames {

	/** The name of a QoS that is neither a configured profile nor a preset. */
	public static final String CUSTOM = "custom";

	private static final QosProfileNames PRESETS_ONLY = new QosProfileNames(Collections.emptyMap());

	private final Map<QosSpec, String> names;

	private QosProfileNames(Map<String, QosSpec> profiles) {
		Map<QosSpec, String> names = new HashMap<>();
		for (QosPreset preset : QosPreset.values()) {
			names.put(preset.spec(), preset.name().toLowerCase(Locale.ROOT).replace('_', '-'));
		}
		// reverse alphabetical order, so that of two profiles with one spec the first name wins
		new TreeMap<>(profiles).descendingMap().forEach((name, spec) -> names.put(spec, name));
		this.names = Map.copyOf(names);
	}

	/**
	 * Names for the given profiles; of two profiles with equal specs, the alphabetically first name
	 * is used, and a profile named after a preset's spec takes precedence over the preset.
	 * @param profiles configured profiles by name
	 */
	public static QosProfileNames of(Map<String, QosSpec> profiles) {
		Objects.requireNonNull(profiles, "profiles");
		profiles.forEach((name, spec) -> {
			if (name == null || name.isBlank()) {
				throw new IllegalArgumentException("QoS profile names must not be blank: " + profiles.keySet());
			}
			Objects.requireNonNull(spec, () -> "QoS profile '" + name + "' has no spec");
		});
		return profiles.isEmpty() ? PRESETS_ONLY : new QosProfileNames(profiles);
	}

	/** Names for the profiles of {@code ouroboros.qos.*}. */
	public static QosProfileNames of(QosProfiles profiles) {
		Objects.requireNonNull(profiles, "profiles");
		Map<String, QosSpec> specs = new HashMap<>();
		for (String name : profiles.names()) {
			QosSpec spec = profiles.find(name);
			if (spec != null) {
				specs.put(name, spec);
			}
		}
		return of(specs);
	}

	/** Names for the presets only, for applications that configure no profiles. */
	public static QosProfileNames presetsOnly() {
		return PRESETS_ONLY;
	}

	/** The profile or preset name of {@code qos}, or {@value #CUSTOM}. */
	public String nameOf(QosSpec qos) {
		Objects.requireNonNull(qos, "qos");
		return this.names.getOrDefault(qos, CUSTOM);
	}

}
