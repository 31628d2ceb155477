package rocks.ouroboros.jna;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

import org.jspecify.annotations.Nullable;

import rocks.ouroboros.jna.irm.Irm;

/**
 * The loaded Ouroboros libraries of this JVM. The dev library can be loaded once per process
 * only (it announces the process to irmd when loaded), so this is a JVM-wide singleton made by
 * {@link #load} after {@link IrmSocketProbe} found irmd answering.
 */
final class NativeRuntime {

	private static final ReentrantLock lock = new ReentrantLock();

	private static @Nullable NativeRuntime loaded;

	private final String version;

	private final FccntlLibrary fccntl;

	private final Irm irm;

	private final Acceptor acceptor = new Acceptor();

	private final DeallocReaper reaper;

	private final IrmdSecurity security;

	private NativeRuntime(String version, FccntlLibrary fccntl, Irm irm, IrmdSecurity security) {
		this.version = version;
		this.fccntl = fccntl;
		this.irm = irm;
		this.reaper = new DeallocReaper(fccntl);
		this.security = security;
	}

	/**
	 * Loads the libraries of {@code found}, or returns those loaded before (whatever directory
	 * they came from: a process holds one copy of the dev library).
	 */
	static NativeRuntime load(LibraryLocator.Found found) {
		lock.lock();
		try {
			NativeRuntime runtime = loaded;
			if (runtime != null) {
				return runtime;
			}
			Path dev = Objects.requireNonNull(found.dev(), "dev library");
			Path irmPath = Objects.requireNonNull(found.irm(), "irm library");
			if (found.common() != null) {
				// so that the dev and irm libraries find it even outside the loader's search path
				NativeLibrary.getInstance(found.common().toString());
			}
			NativeLibrary devLibrary = NativeLibrary.getInstance(dev.toString());
			DevLibrary.register(devLibrary);
			Map<String, Object> options = Collections.singletonMap(Library.OPTION_STRING_ENCODING, "UTF-8");
			FccntlLibrary fccntl = Native.load(dev.toString(), FccntlLibrary.class, options);
			Irm irm = Irm.load(irmPath);
			String version = found.version();
			runtime = new NativeRuntime((version != null) ? version : LibraryLocator.SUPPORTED, fccntl, irm,
					IrmdSecurity.forLibrary(dev));
			loaded = runtime;
			return runtime;
		}
		finally {
			lock.unlock();
		}
	}

	String version() {
		return this.version;
	}

	FccntlLibrary fccntl() {
		return this.fccntl;
	}

	Irm irm() {
		return this.irm;
	}

	Acceptor acceptor() {
		return this.acceptor;
	}

	DeallocReaper reaper() {
		return this.reaper;
	}

	IrmdSecurity security() {
		return this.security;
	}

}
