package rocks.ouroboros.jna;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Whether the native backend can be used on this machine, and if not, why.
 *
 * @param usable whether {@link NativeBackend#open(NativeSettings)} would succeed
 * @param reason why it cannot be used, or a short description of what was found when it can
 * @param version the Ouroboros version of the installed libraries ({@code 0.23.0}), or {@code null}
 * when no library was found
 */
public record Availability(boolean usable, String reason, @Nullable String version) {

	public Availability {
		Objects.requireNonNull(reason, "reason");
	}

	static Availability usable(String what, String version) {
		return new Availability(true, what, version);
	}

	static Availability unusable(String reason, @Nullable String version) {
		return new Availability(false, reason, version);
	}

}
