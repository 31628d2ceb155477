package rocks.ouroboros.spring.autoconfigure;

import org.jspecify.annotations.Nullable;

import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.OuroborosUnavailableException;
import rocks.ouroboros.jna.NativeSettings;

/**
 * The native backend as {@link OuroborosBackendSelector} sees it; a bean of this type exists
 * only when JNA is on the class path, so that applications without JNA never load it.
 */
interface NativeBackendAccess {

	/** {@code null} when the native backend can be used with {@code settings}, else why not. */
	@Nullable String unusableReason(NativeSettings settings);

	/**
	 * Opens a native process.
	 * @throws OuroborosUnavailableException when it cannot be opened
	 */
	Ouroboros open(NativeSettings settings);

}
