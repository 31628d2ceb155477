package rocks.ouroboros.spring.autoconfigure;

import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.OuroborosUnavailableException;
import rocks.ouroboros.jna.NativeSettings;

/**
 * Chooses and opens the backend of the {@code Ouroboros} bean from {@code ouroboros.backend}:
 * the one place that decides between native and embedded.
 */
final class OuroborosBackendSelector {

	private static final Log logger = LogFactory.getLog(OuroborosBackendSelector.class);

	private final OuroborosProperties.Backend backend;

	private final NativeSettings settings;

	private final @Nullable NativeBackendAccess nativeAccess;

	private final Supplier<Ouroboros> embedded;

	/**
	 * @param backend the choice
	 * @param settings where the native backend finds Ouroboros
	 * @param nativeAccess the native backend; {@code null} when JNA is not on the class path
	 * @param embedded opens an embedded process
	 */
	OuroborosBackendSelector(OuroborosProperties.Backend backend, NativeSettings settings,
			@Nullable NativeBackendAccess nativeAccess, Supplier<Ouroboros> embedded) {
		this.backend = backend;
		this.settings = settings;
		this.nativeAccess = nativeAccess;
		this.embedded = embedded;
	}

	/**
	 * Opens the chosen backend.
	 * @throws OuroborosUnavailableException with the reason when {@code native} was asked for and
	 * cannot be used
	 */
	Ouroboros open() {
		return switch (this.backend) {
			case EMBEDDED -> this.embedded.get();
			case NATIVE -> openNative();
			case AUTO -> openNativeOrEmbedded();
		};
	}

	private Ouroboros openNative() {
		String reason = unusableReason();
		if (reason != null) {
			throw new OuroborosUnavailableException("ouroboros.backend is 'native', but the native backend cannot be"
					+ " used: " + reason + ". Fix that, or set ouroboros.backend to 'auto' or 'embedded'");
		}
		return requireAccess().open(this.settings);
	}

	private Ouroboros openNativeOrEmbedded() {
		String reason = unusableReason();
		if (reason == null) {
			try {
				return requireAccess().open(this.settings);
			}
			catch (OuroborosUnavailableException ex) {
				reason = ex.getMessage();
			}
		}
		logger.warn("Ouroboros runs on the embedded in-JVM layer, not the native one: " + reason
				+ " (set ouroboros.backend=embedded to silence this, or native to fail instead)");
		return this.embedded.get();
	}

	private @Nullable String unusableReason() {
		NativeBackendAccess access = this.nativeAccess;
		if (access == null) {
			return "JNA (net.java.dev.jna:jna) is not on the class path; add it to use the native backend";
		}
		return access.unusableReason(this.settings);
	}

	private NativeBackendAccess requireAccess() {
		NativeBackendAccess access = this.nativeAccess;
		if (access == null) {
			throw new OuroborosUnavailableException("JNA is not on the class path");
		}
		return access;
	}

}
