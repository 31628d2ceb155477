package rocks.ouroboros.tools;

import java.lang.reflect.InvocationTargetException;

import org.jspecify.annotations.Nullable;

import rocks.ouroboros.flow.BackendKind;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.OuroborosUnavailableException;
import rocks.ouroboros.jna.NativeSettings;

/** The {@code --backend} option of the tools: which Ouroboros they talk through. */
public enum BackendChoice {

	/** Native when Ouroboros is installed and its IRM daemon runs, else embedded. */
	AUTO,

	/** Real Ouroboros through JNA; fails when it is not usable here. */
	NATIVE,

	/** The in-JVM layer of this JVM: servers and clients must run in the same JVM. */
	EMBEDDED;

	/** Opens a process on the chosen backend. */
	public Ouroboros open() {
		return switch (this) {
			case EMBEDDED -> Ouroboros.embedded();
			case NATIVE -> openNative();
			case AUTO -> nativeUsable() ? openNative() : Ouroboros.embedded();
		};
	}

	/** The backend {@link #open()} would pick. */
	public BackendKind resolve() {
		return switch (this) {
			case EMBEDDED -> BackendKind.EMBEDDED;
			case NATIVE -> BackendKind.NATIVE;
			case AUTO -> nativeUsable() ? BackendKind.NATIVE : BackendKind.EMBEDDED;
		};
	}

	/** Whether the native backend is built in and the IRM daemon's socket is there. */
	public static boolean nativeUsable() {
		return nativeBackendClass() != null
				&& java.nio.file.Files.exists(NativeSettings.defaults().irmSocket());
	}

	private static Ouroboros openNative() {
		Class<?> backend = nativeBackendClass();
		if (backend == null) {
			throw new OuroborosUnavailableException(
					"this build has no native backend (rocks.ouroboros.jna.NativeBackend): use --backend embedded");
		}
		try {
			return (Ouroboros) backend.getMethod("open", NativeSettings.class).invoke(null, NativeSettings.defaults());
		}
		catch (InvocationTargetException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new OuroborosUnavailableException("opening the native backend failed: " + ex.getCause());
		}
		catch (ReflectiveOperationException ex) {
			throw new OuroborosUnavailableException("the native backend cannot be opened: " + ex);
		}
	}

	private static @Nullable Class<?> nativeBackendClass() {
		try {
			return Class.forName("rocks.ouroboros.jna.NativeBackend");
		}
		catch (ClassNotFoundException ex) {
			return null;
		}
	}

}
