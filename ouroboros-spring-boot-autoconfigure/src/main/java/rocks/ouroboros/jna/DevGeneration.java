package rocks.ouroboros.jna;

import java.util.List;
import java.util.function.Supplier;

import com.sun.jna.NativeLibrary;

import rocks.ouroboros.flow.OuroborosUnavailableException;

/**
 * One load of {@code libouroboros-dev}: what its init announced to one irmd, and every Java object
 * that holds its native state (the {@code fccntl} mapping, the accept thread, the dealloc reaper).
 * A new load is made only after irmd restarted and the previous one was {@link LibraryGate retired}
 * and unloaded; objects of an old load refuse to call the library through its {@link #gate()}.
 */
final class DevGeneration {

	private final int number;

	private final int irmdPid;

	private final LibraryGate gate = new LibraryGate();

	private final FccntlLibrary fccntl;

	private final List<NativeLibrary> libraries;

	private final Acceptor acceptor;

	private final DeallocReaper reaper;

	/**
	 * @param number 1 for the first load of the JVM, one more for each reload
	 * @param irmdPid the pid of the irmd this load announced the process to; 0 when unknown
	 * @param fccntl the variadic mapping of this load
	 * @param libraries the JNA instances of the dev library, disposed to unload it
	 * @param irmdTrouble told when a call suggests that irmd went away
	 */
	DevGeneration(int number, int irmdPid, FccntlLibrary fccntl, List<NativeLibrary> libraries,
			Runnable irmdTrouble) {
		this.number = number;
		this.irmdPid = irmdPid;
		this.fccntl = fccntl;
		this.libraries = List.copyOf(libraries);
		this.acceptor = new Acceptor(this.gate, irmdTrouble);
		this.reaper = new DeallocReaper(fccntl, this.gate);
	}

	int number() {
		return this.number;
	}

	int irmdPid() {
		return this.irmdPid;
	}

	LibraryGate gate() {
		return this.gate;
	}

	FccntlLibrary fccntl() {
		return this.fccntl;
	}

	List<NativeLibrary> libraries() {
		return this.libraries;
	}

	Acceptor acceptor() {
		return this.acceptor;
	}

	DeallocReaper reaper() {
		return this.reaper;
	}

	/** Runs {@code call} inside the gate, or fails with {@link #retiredFailure} when retired. */
	<T> T call(String what, Supplier<T> call) {
		if (!this.gate.enter()) {
			throw retiredFailure(what);
		}
		try {
			return call.get();
		}
		finally {
			this.gate.exit();
		}
	}

	/** The exception for a call on a retired load. */
	OuroborosUnavailableException retiredFailure(String what) {
		return new OuroborosUnavailableException("Cannot " + what + ": irmd went away, and what was made before"
				+ " (flows, flow sets, event queues of library load " + this.number + ") is gone with it; the"
				+ " native backend reloads libouroboros-dev once irmd answers again: make new ones then");
	}

	@Override
	public String toString() {
		return "library load " + this.number;
	}

}
