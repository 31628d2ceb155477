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
 * @param irmSocket the IRM daemon's socket, probed before the dev library is loaded; the dev
 * library itself always uses the path it was built with ({@link #DEFAULT_IRM_SOCKET} by default),
 * so change this only to match a build with another path
 */
public record NativeSettings(@Nullable Path libraryDirectory, Path irmSocket) {

	/** Where irmd puts its socket by default. */
	public static final Path DEFAULT_IRM_SOCKET = Path.of("/var/run/ouroboros/irm.sock");

	public NativeSettings {
		Objects.requireNonNull(irmSocket, "irmSocket");
	}

	/** System property overriding the IRM socket of {@link #defaults()}. */
	public static final String IRM_SOCKET_PROPERTY = "ouroboros.irm.socket";

	/** System property overriding the library directory of {@link #defaults()}. */
	public static final String LIBRARY_DIRECTORY_PROPERTY = "ouroboros.library.directory";

	/**
	 * The system library paths and irmd's default socket, unless the system properties
	 * {@value #LIBRARY_DIRECTORY_PROPERTY} and {@value #IRM_SOCKET_PROPERTY} say otherwise.
	 */
	public static NativeSettings defaults() {
		String directory = System.getProperty(LIBRARY_DIRECTORY_PROPERTY);
		String socket = System.getProperty(IRM_SOCKET_PROPERTY);
		return new NativeSettings((directory == null || directory.isBlank()) ? null : Path.of(directory),
				(socket == null || socket.isBlank()) ? DEFAULT_IRM_SOCKET : Path.of(socket));
	}

}
