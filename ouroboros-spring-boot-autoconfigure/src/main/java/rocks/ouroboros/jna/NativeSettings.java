package rocks.ouroboros.jna;

import java.nio.file.Path;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Where the native backend finds Ouroboros.
 *
 * @param libraryDirectory a directory holding {@code libouroboros-dev.so*} and
 * {@code libouroboros-irm.so*}, searched before {@code jna.library.path} and the system paths;
 * {@code null} to search those only
 * @param irmSocket the IRM daemon's socket, probed before the dev library is loaded
 */
public record NativeSettings(@Nullable Path libraryDirectory, Path irmSocket) {

	/** Where irmd puts its socket by default. */
	public static final Path DEFAULT_IRM_SOCKET = Path.of("/var/run/ouroboros/irm.sock");

	public NativeSettings {
		Objects.requireNonNull(irmSocket, "irmSocket");
	}

	/** The system library paths and irmd's default socket. */
	public static NativeSettings defaults() {
		return new NativeSettings(null, DEFAULT_IRM_SOCKET);
	}

}
