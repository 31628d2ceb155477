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
 * @param reloadOnIrmdRestart whether to unload and load {@code libouroboros-dev} again when irmd
 * died and comes back (see {@code docs/native.md}), instead of staying unavailable until the
 * application restarts; JVM-wide once any instance asks for it
 */
public record NativeSettings(@Nullable Path libraryDirectory, Path irmSocket, boolean reloadOnIrmdRestart) {

	/** Where irmd puts its socket by default. */
	public static final Path DEFAULT_IRM_SOCKET = Path.of("/var/run/ouroboros/irm.sock");

	public NativeSettings {
		Objects.requireNonNull(irmSocket, "irmSocket");
	}

	/** Settings that do not reload the library after an irmd restart. */
	public NativeSettings(@Nullable Path libraryDirectory, Path irmSocket) {
		this(libraryDirectory, irmSocket, false);
	}

	/** System property turning on {@link #reloadOnIrmdRestart()} in {@link #defaults()}. */
	public static final String RELOAD_PROPERTY = "ouroboros.reload-on-irmd-restart";

	/** System property overriding the IRM socket of {@link #defaults()}. */
	public static final String IRM_SOCKET_PROPERTY = "ouroboros.irm.socket";

	/** System property overriding the library directory of {@link #defaults()}. */
	public static final String LIBRARY_DIRECTORY_PROPERTY = "ouroboros.library.directory";

	/**
	 * The system library paths and irmd's default socket, no reload after an irmd restart, unless
	 * the system properties {@value #LIBRARY_DIRECTORY_PROPERTY}, {@value #IRM_SOCKET_PROPERTY} and
	 * {@value #RELOAD_PROPERTY} say otherwise.
	 */
	public static NativeSettings defaults() {
		String directory = System.getProperty(LIBRARY_DIRECTORY_PROPERTY);
		String socket = System.getProperty(IRM_SOCKET_PROPERTY);
		return new NativeSettings((directory == null || directory.isBlank()) ? null : Path.of(directory),
				(socket == null || socket.isBlank()) ? DEFAULT_IRM_SOCKET : Path.of(socket),
				Boolean.getBoolean(RELOAD_PROPERTY));
	}

}
