package rocks.ouroboros.jna;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.OuroborosUnavailableException;
import rocks.ouroboros.jna.irm.Irm;

/**
 * Entry point of the native backend: {@link #probe} says whether real Ouroboros can be used here,
 * {@link #open} opens it.
 * <p>
 * Order matters: upstream's dev library announces the process to irmd when it is loaded and calls
 * {@code exit()} when that fails, which would end the JVM. So nothing loads it before JNA was
 * found, the libraries were found on disk with the supported version (0.23, read from their file
 * names and the installed {@code version.h}), and a real {@code AF_UNIX SOCK_SEQPACKET} connect to
 * irmd's socket succeeded.
 */
public final class NativeBackend {

	/** The Ouroboros major.minor this backend supports. */
	public static final String SUPPORTED_VERSION = LibraryLocator.SUPPORTED;

	private NativeBackend() {
	}

	/**
	 * Whether the native backend can be used with {@code settings}. Never throws and never loads
	 * the dev library.
	 */
	public static Availability probe(NativeSettings settings) {
		Objects.requireNonNull(settings, "settings");
		try {
			return check(settings).availability();
		}
		catch (LinkageError | RuntimeException ex) {
			return Availability.unusable("the native backend failed to probe Ouroboros: " + ex, null);
		}
	}

	/**
	 * Opens real Ouroboros: a new {@link Ouroboros} instance of this process. Every instance of a
	 * JVM is the same Ouroboros process (one pid, one set of descriptors and binds).
	 * @throws OuroborosUnavailableException with the reason when it cannot be used
	 */
	public static Ouroboros open(NativeSettings settings) {
		return new NativeProcess(runtime(settings), settings);
	}

	/**
	 * The IRM management API (IPCPs, names, binds), for tools and tests.
	 * @throws OuroborosUnavailableException with the reason when Ouroboros cannot be used
	 */
	public static Irm irm(NativeSettings settings) {
		return runtime(settings).irm();
	}

	static NativeRuntime runtime(NativeSettings settings) {
		Objects.requireNonNull(settings, "settings");
		Check check;
		try {
			check = check(settings);
		}
		catch (LinkageError ex) {
			throw new OuroborosUnavailableException("the native backend cannot start: " + ex, ex);
		}
		if (!check.availability().usable()) {
			throw new OuroborosUnavailableException("Native Ouroboros is unavailable: " + check.availability().reason());
		}
		try {
			return NativeRuntime.load(check.found(), settings);
		}
		catch (LinkageError | RuntimeException ex) {
			throw new OuroborosUnavailableException("Native Ouroboros is unavailable: loading "
					+ check.found().dev() + " failed: " + ex.getMessage(), ex);
		}
	}

	private record Check(Availability availability, LibraryLocator.Found found) {
	}

	private static Check check(NativeSettings settings) {
		LibraryLocator.Found found = LibraryLocator.locate(settings.libraryDirectory());
		Availability availability = availability(settings, found);
		return new Check(availability, found);
	}

	private static Availability availability(NativeSettings settings, LibraryLocator.Found found) {
		String version = found.version();
		if (!jnaPresent()) {
			return Availability.unusable("JNA is not on the class path: add net.java.dev.jna:jna (5.x) to use"
					+ " the native backend", version);
		}
		if (found.dev() == null) {
			return Availability.unusable("the Ouroboros libraries are not installed: no libouroboros-dev.so."
					+ SUPPORTED_VERSION + " in " + found.searched() + "; install Ouroboros " + SUPPORTED_VERSION
					+ " or set the library directory", null);
		}
		if (found.irm() == null) {
			return Availability.unusable("the Ouroboros libraries are incomplete: " + found.dev()
					+ " was found but no libouroboros-irm.so." + SUPPORTED_VERSION + " next to it", version);
		}
		String mismatch = versionMismatch(found);
		if (mismatch != null) {
			return Availability.unusable(mismatch, version);
		}
		if (com.sun.jna.Native.POINTER_SIZE != 8) {
			return Availability.unusable("the native backend supports 64-bit JVMs only", version);
		}
		String problem = IrmSocketProbe.problem(settings.irmSocket());
		if (problem != null) {
			return Availability.unusable(problem, version);
		}
		return Availability.usable("Ouroboros " + version + " (" + found.dev() + "), irmd answers on "
				+ settings.irmSocket(), version);
	}

	private static @Nullable String versionMismatch(LibraryLocator.Found found) {
		String library = found.libraryVersion();
		if (library == null) {
			return "cannot tell the version of " + found.dev() + " (its file name carries none)";
		}
		if (!LibraryLocator.majorMinor(library).equals(SUPPORTED_VERSION)) {
			return "version mismatch: " + found.dev() + " is Ouroboros " + library + ", this backend supports "
					+ SUPPORTED_VERSION + ".x; install Ouroboros " + SUPPORTED_VERSION;
		}
		String header = found.headerVersion();
		if (header != null && !LibraryLocator.majorMinor(header).equals(SUPPORTED_VERSION)) {
			return "version mismatch: the installed headers (" + found.headerFile() + ") say Ouroboros " + header
					+ " but " + found.dev() + " is " + library + "; reinstall Ouroboros " + SUPPORTED_VERSION;
		}
		return null;
	}

	private static boolean jnaPresent() {
		try {
			Class.forName("com.sun.jna.Native", false, NativeBackend.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

}
