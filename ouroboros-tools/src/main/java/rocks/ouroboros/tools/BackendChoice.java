package rocks.ouroboros.tools;

import rocks.ouroboros.flow.BackendKind;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.jna.Availability;
import rocks.ouroboros.jna.NativeBackend;
import rocks.ouroboros.jna.NativeSettings;

/** The {@code --backend} option of the tools: which Ouroboros they talk through. */
public enum BackendChoice {

	/** Native when Ouroboros is installed and its IRM daemon answers, else embedded. */
	AUTO,

	/** Real Ouroboros through JNA; fails, saying why, when it cannot be used here. */
	NATIVE,

	/** The in-JVM layer of this JVM: servers and clients must run in the same JVM. */
	EMBEDDED;

	/** Opens a process on the chosen backend. */
	public Ouroboros open() {
		return switch (this) {
			case EMBEDDED -> Ouroboros.embedded();
			case NATIVE -> Ouroboros.openNative();
			case AUTO -> nativeAvailability().usable() ? Ouroboros.openNative() : Ouroboros.embedded();
		};
	}

	/** The backend {@link #open()} would pick. */
	public BackendKind resolve() {
		return switch (this) {
			case EMBEDDED -> BackendKind.EMBEDDED;
			case NATIVE -> BackendKind.NATIVE;
			case AUTO -> nativeAvailability().usable() ? BackendKind.NATIVE : BackendKind.EMBEDDED;
		};
	}

	/** Whether the native backend can be used here, and if not, why; never loads the dev library. */
	public static Availability nativeAvailability() {
		return NativeBackend.probe(NativeSettings.defaults());
	}

}
