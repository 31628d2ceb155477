package rocks.ouroboros.jna;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

import org.jspecify.annotations.Nullable;

import rocks.ouroboros.jna.irm.Irm;

/**
 * The loaded Ouroboros libraries of this JVM, a JVM-wide singleton made by {@link #load} after
 * {@link IrmSocketProbe} found irmd answering. The irm library (and the common library under it)
 * stays loaded for the life of the JVM: it keeps no state of the process. The dev library is
 * loaded once per process, as upstream intends (its init announces the process to irmd), unless
 * irmd dies and comes back while reloading is enabled: then {@link IrmdRecovery} retires the
 * current {@link DevGeneration}, unloads the library and loads a new generation of it.
 */
final class NativeRuntime implements IrmdRecovery.Steps {

	private static final System.Logger logger = System.getLogger(NativeRuntime.class.getName());

	private static final ReentrantLock lock = new ReentrantLock();

	private static @Nullable NativeRuntime loaded;

	private static final Map<String, Object> FCCNTL_OPTIONS =
			Collections.singletonMap(Library.OPTION_STRING_ENCODING, "UTF-8");

	private final String version;

	private final Path dev;

	private final Path irmSocket;

	private final Irm irm;

	private final IrmdSecurity security;

	private final IrmdRecovery recovery = new IrmdRecovery(this);

	private volatile DevGeneration generation;

	/** Whether a process of this JVM asked to reload the dev library after an irmd restart. */
	private volatile boolean reloadEnabled;

	private NativeRuntime(String version, Path dev, Path irmSocket, Irm irm, IrmdSecurity security) {
		this.version = version;
		this.dev = dev;
		this.irmSocket = irmSocket;
		this.irm = irm;
		this.security = security;
		this.generation = loadGeneration(1);
	}

	/**
	 * Loads the libraries of {@code found}, or returns those loaded before (whatever directory
	 * they came from: a process holds one copy of the dev library). Reloading after an irmd
	 * restart is enabled for the JVM once any caller asks for it.
	 */
	static NativeRuntime load(LibraryLocator.Found found, NativeSettings settings) {
		lock.lock();
		try {
			NativeRuntime runtime = loaded;
			if (runtime == null) {
				Path dev = Objects.requireNonNull(found.dev(), "dev library");
				Path irmPath = Objects.requireNonNull(found.irm(), "irm library");
				if (found.common() != null) {
					// so that the dev and irm libraries find it even outside the loader's search path
					NativeLibrary.getInstance(found.common().toString());
				}
				// the irm library first: it holds the common library while the dev library is reloaded
				Irm irm = Irm.load(irmPath);
				String version = found.version();
				runtime = new NativeRuntime((version != null) ? version : LibraryLocator.SUPPORTED, dev,
						settings.irmSocket(), irm, IrmdSecurity.forLibrary(dev));
				loaded = runtime;
			}
			if (settings.reloadOnIrmdRestart()) {
				runtime.reloadEnabled = true;
			}
			return runtime;
		}
		finally {
			lock.unlock();
		}
	}

	private DevGeneration loadGeneration(int number) {
		int irmdPid = IrmSocketProbe.check(this.irmSocket).peerPid();
		NativeLibrary devLibrary = NativeLibrary.getInstance(this.dev.toString());
		DevLibrary.register(devLibrary);
		FccntlLibrary fccntl = Native.load(this.dev.toString(), FccntlLibrary.class, FCCNTL_OPTIONS);
		NativeLibrary fccntlLibrary = ((Library.Handler) Proxy.getInvocationHandler(fccntl)).getNativeLibrary();
		return new DevGeneration(number, irmdPid, fccntl, List.of(devLibrary, fccntlLibrary), this::checkIrmd);
	}

	String version() {
		return this.version;
	}

	/** The current load of the dev library; retired while irmd is being recovered from. */
	DevGeneration generation() {
		return this.generation;
	}

	Irm irm() {
		return this.irm;
	}

	IrmdSecurity security() {
		return this.security;
	}

	IrmdRecovery recovery() {
		return this.recovery;
	}

	boolean reloadEnabled() {
		return this.reloadEnabled;
	}

	/**
	 * Something failed in a way irmd's death explains: when reloading is enabled, probe irmd and
	 * start recovering if it is gone, or if another irmd answers than the one this load announced
	 * the process to (it was restarted unnoticed and does not know this process).
	 */
	void checkIrmd() {
		if (!this.reloadEnabled || this.recovery.state() != IrmdRecovery.State.SERVING) {
			return;
		}
		DevGeneration current = this.generation;
		IrmSocketProbe.Probe probe = IrmSocketProbe.check(this.irmSocket);
		if (probe.gone()) {
			this.recovery.irmdGone(String.valueOf(probe.problem()));
		}
		else if (probe.problem() == null && probe.peerPid() > 0 && current.irmdPid() > 0
				&& probe.peerPid() != current.irmdPid()) {
			this.recovery.irmdGone("irmd was restarted: pid " + probe.peerPid() + " answers on " + this.irmSocket
					+ ", this process announced itself to pid " + current.irmdPid());
		}
	}

	// ---------------------------------------------------------------- IrmdRecovery.Steps

	@Override
	public LibraryGate retire() {
		DevGeneration old = this.generation;
		List<LibraryGate.Handle> handles = old.gate().retire();
		old.acceptor().wakeAll();
		for (LibraryGate.Handle handle : handles) {
			try {
				handle.retire();
			}
			catch (RuntimeException ex) {
				logger.log(Level.WARNING, "Closing " + handle + " of " + old + " failed: " + ex);
			}
		}
		return old.gate();
	}

	@Override
	public @Nullable String unload() {
		if (!Platform.isLinux()) {
			return "reloading libouroboros-dev needs Linux's /proc/self/maps to see that it was unmapped";
		}
		DevGeneration old = this.generation;
		Native.unregister(DevLibrary.class);
		for (NativeLibrary library : old.libraries()) {
			library.dispose();
		}
		String mapped = mappedPath(this.dev);
		if (mapped != null) {
			return mapped + " is still mapped after " + old + " was closed (something else in the JVM holds it, or"
					+ " it is marked NODELETE), so loading it again would not run its init";
		}
		return OpenSslSecureHeap.reset();
	}

	@Override
	public @Nullable String irmdProblem() {
		return IrmSocketProbe.problem(this.irmSocket);
	}

	@Override
	public @Nullable String reload() {
		int number = this.generation.number() + 1;
		this.generation = loadGeneration(number);
		logger.log(Level.INFO, "Loaded " + this.dev + " again (library load " + number + ")");
		return null;
	}

	/** The path under which {@code library} is mapped into this process, or {@code null}. */
	static @Nullable String mappedPath(Path library) {
		Path real;
		try {
			real = library.toRealPath();
		}
		catch (IOException ex) {
			real = library;
		}
		String wanted = real.toString();
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
				if (line.endsWith(" " + wanted)) {
					return wanted;
				}
			}
			return null;
		}
		catch (IOException ex) {
			return wanted + " (cannot read /proc/self/maps: " + ex.getMessage() + ")";
		}
	}

}
