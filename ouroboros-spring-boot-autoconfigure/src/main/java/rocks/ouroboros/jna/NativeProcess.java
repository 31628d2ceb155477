package rocks.ouroboros.jna;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import rocks.ouroboros.flow.BackendKind;
import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowEventQueue;
import rocks.ouroboros.flow.FlowException;
import rocks.ouroboros.flow.FlowPermissionException;
import rocks.ouroboros.flow.FlowRole;
import rocks.ouroboros.flow.FlowSet;
import rocks.ouroboros.flow.FlowTimeoutException;
import rocks.ouroboros.flow.NameOptions;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.OuroborosUnavailableException;
import rocks.ouroboros.flow.QosSpec;
import rocks.ouroboros.jna.irm.Irm;
import rocks.ouroboros.jna.irm.IpcpInfo;
import rocks.ouroboros.jna.irm.NameInfo;

/**
 * This JVM as an Ouroboros process. Every instance shares the process's identity (its pid, its
 * descriptors, its binds); each keeps track of the flows and sets it made.
 * <p>
 * {@code flow_accept} does not say which name a flow was for, so an accepted flow is named after
 * the one name this instance is bound to, or {@code "*"} when it is bound to several.
 */
final class NativeProcess extends Ouroboros {

	private static final System.Logger logger = System.getLogger(NativeProcess.class.getName());

	private final NativeRuntime runtime;

	private final NativeSettings settings;

	private final int pid = LibC.getpid();

	/** What each bind set up, so that unbind undoes exactly that. */
	private final Map<String, Bound> binds = new ConcurrentHashMap<>();

	/** Serialises binding names again in a new irmd after a library reload. */
	private final ReentrantLock rebindLock = new ReentrantLock();

	NativeProcess(NativeRuntime runtime, NativeSettings settings) {
		this.runtime = runtime;
		this.settings = settings;
	}

	NativeRuntime runtime() {
		return this.runtime;
	}

	/** This process's id, as irmd knows it. */
	int pid() {
		return this.pid;
	}

	@Override
	public BackendKind backend() {
		return BackendKind.NATIVE;
	}

	@Override
	public String version() {
		return this.runtime.version();
	}

	/**
	 * Not closed, and irmd answers an IRM request (a cheap one: the list of IPC processes); with
	 * reloading enabled, also not recovering from an irmd restart (found here too).
	 */
	@Override
	public boolean isAvailable() {
		if (!super.isAvailable()) {
			return false;
		}
		this.runtime.checkIrmd();
		if (this.runtime.recovery().state() != IrmdRecovery.State.SERVING
				|| this.runtime.generation().gate().isRetired()) {
			return false;
		}
		try {
			this.runtime.irm().listIpcps();
			return true;
		}
		catch (RuntimeException ex) {
			this.runtime.checkIrmd();
			return false;
		}
	}

	/** With {@link NativeSettings#reloadOnIrmdRestart()}: the library is loaded again after irmd restarts. */
	@Override
	public boolean recoversByItself() {
		return this.settings.reloadOnIrmdRestart() && !isClosed();
	}

	@Override
	public Optional<String> unavailableReason() {
		return Optional.ofNullable(this.runtime.recovery().reason());
	}

	private DevGeneration generation() {
		return this.runtime.generation();
	}

	// ---------------------------------------------------------------- flows

	/**
	 * Allocates on a platform thread and waits for it in slices: irmd 0.23.0 ignores the alloc
	 * timeout when nobody accepts (it gives up after about 20 s), so the caller's timeout and a
	 * close are honoured here. A flow that irmd grants after the caller gave up is deallocated.
	 */
	@Override
	protected Flow doAlloc(String name, QosSpec qos, @Nullable Duration timeout) {
		if (FrctGuard.refused(qos)) {
			throw new FlowException("Cannot allocate a flow to '" + name + "' with " + qos + ": "
					+ FrctGuard.RELIABLE_REFUSED);
		}
		byte[] bytes = cString(name);
		long nanos = Scratch.nanos(timeout);
		long started = System.nanoTime();
		DevGeneration generation = generation();
		String what = "allocate a flow to '" + name + "'";
		CompletableFuture<Allocated> call = Blocking.inBackground(() -> {
			if (!generation.gate().enter()) {
				return new Allocated(-1, qos, null, generation.retiredFailure(what));
			}
			try {
				Scratch scratch = Scratch.get();
				long qosAddress = scratch.qos(qos);
				int fd = DevLibrary.flow_alloc(bytes, qosAddress, scratch.timespec(nanos));
				if (fd < 0) {
					return new Allocated(fd, qos, null, null);
				}
				QosSpec granted = scratch.readQos();
				try {
					return new Allocated(fd, granted, FrctGuard.attach(fd, granted), null);
				}
				catch (FlowException ex) {
					generation.reaper().deallocate(fd, "the flow to '" + name + "' that could not be guarded");
					return new Allocated(-1, granted, null, ex);
				}
			}
			finally {
				generation.gate().exit();
			}
		});
		long deadline = (nanos < 0) ? Long.MAX_VALUE : System.nanoTime() + nanos;
		Allocated result = null;
		try {
			while (result == null) {
				long remaining = deadline - System.nanoTime();
				if (isClosed() || (nanos >= 0 && remaining <= 0)) {
					abandon(call, name, generation);
					checkOpen();
					throw new FlowTimeoutException("Cannot allocate a flow to '" + name + "': nobody accepted it within "
							+ Duration.ofNanos(nanos).toMillis() + " ms; a flow irmd grants later is deallocated");
				}
				try {
					result = call.get(Math.min(remaining, NativeFlow.SLICE), TimeUnit.NANOSECONDS);
				}
				catch (TimeoutException ex) {
					// look at close and the deadline again
				}
			}
		}
		catch (InterruptedException ex) {
			abandon(call, name, generation);
			Thread.currentThread().interrupt();
			throw new FlowException("Interrupted while allocating a flow to '" + name + "'", ex);
		}
		catch (ExecutionException ex) {
			throw new FlowException("Allocating a flow to '" + name + "' failed", ex.getCause());
		}
		FlowException refused = result.failure();
		if (refused != null) {
			throw refused;
		}
		if (result.fd() < 0) {
			throw allocFailure(result.fd(), "allocate a flow to '" + name + "'", name, timeout,
					System.nanoTime() - started);
		}
		return new NativeFlow(this, generation, result.fd(), name, FlowRole.CLIENT, result.qos(), result.frct());
	}

	private record Allocated(int fd, QosSpec qos, @Nullable FrctGuard frct, @Nullable FlowException failure) {
	}

	private void abandon(CompletableFuture<Allocated> call, String name, DevGeneration generation) {
		call.thenAccept((late) -> {
			if (late.fd() >= 0) {
				generation.reaper().deallocate(late.fd(), "the flow to '" + name + "' granted after its alloc gave up",
						late.frct());
			}
		});
	}

	@Override
	protected Flow doAccept(@Nullable Duration timeout) {
		long nanos = Scratch.nanos(timeout);
		DevGeneration generation = generation();
		ensureBound(generation);
		Acceptor.Accepted accepted;
		try {
			accepted = generation.acceptor().take(nanos, this::isClosed);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new FlowException("Interrupted while accepting a flow", ex);
		}
		if (accepted == null) {
			checkOpen();
			if (generation.gate().isRetired()) {
				throw generation.retiredFailure("accept a flow");
			}
			throw new FlowTimeoutException("No flow arrived within the accept timeout of "
					+ Duration.ofNanos(nanos).toMillis() + " ms (bound to " + boundNames() + ")");
		}
		return new NativeFlow(this, generation, accepted.fd(), acceptedName(), FlowRole.SERVER, accepted.qos(),
				accepted.frct());
	}

	@Override
	protected Flow doJoin(String layer, QosSpec qos, @Nullable Duration timeout) {
		byte[] bytes = cString(layer);
		long nanos = Scratch.nanos(timeout);
		DevGeneration generation = generation();
		String what = "join the broadcast layer '" + layer + "'";
		int fd = blocking(() -> generation.call(what, () -> DevLibrary.flow_join(bytes, Scratch.get().timespec(nanos))));
		if (fd < 0) {
			throw allocFailure(fd, what, layer, timeout, -1);
		}
		return new NativeFlow(this, generation, fd, layer, FlowRole.BROADCAST, qos, null);
	}

	private String acceptedName() {
		Set<String> names = boundNames();
		return (names.size() == 1) ? names.iterator().next() : "*";
	}

	/** Below irmd's own bound on an alloc (about 20 s), an earlier -ETIMEDOUT is no timeout. */
	private static final long IRMD_ALLOC_BOUND_MILLIS = 15_000;

	private FlowException allocFailure(int code, String what, String name, @Nullable Duration timeout,
			long elapsedNanos) {
		if (code == -1) {
			// an unreachable irmd gives -1 from alloc; so does -EPERM
			this.runtime.checkIrmd();
			String problem = IrmSocketProbe.problem(this.settings.irmSocket());
			if (problem != null) {
				return new OuroborosUnavailableException("Cannot " + what + ": " + problem);
			}
		}
		if (code == -NativeErrors.ENOTALLOC) {
			// from alloc and join this is no stale handle: the layer did not set the flow up
			return new FlowException("Cannot " + what + ": the layer did not set the flow up ("
					+ NativeErrors.describe(code) + "); check that the layer is bootstrapped and up", code);
		}
		if (code == -NativeErrors.ETIMEDOUT && elapsedNanos >= 0) {
			long elapsed = TimeUnit.NANOSECONDS.toMillis(elapsedNanos);
			long bound = Math.min((timeout != null) ? timeout.toMillis() : Long.MAX_VALUE, IRMD_ALLOC_BOUND_MILLIS);
			if (elapsed < bound - 500) {
				// irmd ends a direct alloc this way when the server side's accept failed
				return new FlowPermissionException("Cannot " + what + ": the server side refused the flow after "
						+ elapsed + " ms, before any timeout (irmd: 'OAP processing failed'). Most likely its security"
						+ " handshake failed: the server side has an enc.conf and the client side none, or the server"
						+ " could not verify the client's certificate; irmd's log says which. Otherwise the server"
						+ " process went away while accepting.", code);
			}
		}
		if (code == -NativeErrors.ETIMEDOUT) {
			return new FlowTimeoutException("Cannot " + what + ": nobody accepted it within "
					+ ((timeout != null) ? timeout.toMillis() + " ms" : "the time irmd allows"));
		}
		return NativeErrors.toException(code, what, name);
	}

	private <T> T blocking(java.util.function.Supplier<T> call) {
		return Blocking.onVirtualThread() ? Blocking.onPlatformThread(call) : call.get();
	}

	private static byte[] cString(String value) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		byte[] terminated = new byte[bytes.length + 1];
		System.arraycopy(bytes, 0, terminated, 0, bytes.length);
		return terminated;
	}

	// ---------------------------------------------------------------- names

	@Override
	protected void doBind(String name, NameOptions options) {
		DevGeneration generation = generation();
		ensureBound(generation);
		this.binds.put(name, bind(name, options, generation));
		awaitFreshAccept(generation);
	}

	/**
	 * After the library was loaded again (irmd restarted), binds the names of this process in the
	 * new irmd as they were bound in the old one. Names that fail stay to be bound at the next try.
	 */
	private void ensureBound(DevGeneration generation) {
		if (this.binds.values().stream().allMatch((bound) -> bound.generation == generation)) {
			return;
		}
		this.rebindLock.lock();
		try {
			for (Map.Entry<String, Bound> entry : this.binds.entrySet()) {
				if (entry.getValue().generation != generation) {
					Bound fresh;
					try {
						fresh = bind(entry.getKey(), entry.getValue().options, generation);
					}
					catch (RuntimeException ex) {
						// irmd is back but not set up yet (its layer not bootstrapped, say): not for good
						throw new OuroborosUnavailableException("Cannot bind '" + entry.getKey() + "' again in the irmd"
								+ " that answers after the restart (" + ex.getMessage() + "); trying again at the next"
								+ " accept", ex);
					}
					entry.setValue(fresh);
					logger.log(Level.INFO, "Bound '" + entry.getKey() + "' again in the irmd that answers now ("
							+ generation + ")");
				}
			}
		}
		finally {
			this.rebindLock.unlock();
		}
	}

	private Bound bind(String name, NameOptions options, DevGeneration generation) {
		Irm irm = this.runtime.irm();
		Bound bound = new Bound(options, generation);
		try {
			if (options.create()) {
				boolean secured = !(options.server().isEmpty() && options.client().isEmpty());
				boolean exists = irm.nameExists(name);
				if (exists && secured) {
					throw new IllegalArgumentException("the name '" + name + "' exists in irmd already, with the"
							+ " security files it was created with (0.23.0 cannot show or change them): destroy it"
							+ " (irm name destroy " + name + ") so that it is created with these, or drop them");
				}
				if (!exists) {
					if (this.runtime.security().createOnBind(name, options)) {
						// irmd creates it with every security path at its default, none left undefined
						irm.bindProcess(this.pid, name);
						bound.processBound = true;
					}
					else {
						irm.createName(
								new NameInfo(name, options.loadBalancing(), options.server(), options.client()));
					}
					bound.created = true;
				}
				for (String layer : options.layers()) {
					List<IpcpInfo> ipcps = irm.ipcpsInLayer(layer);
					if (ipcps.isEmpty()) {
						throw new FlowException("Cannot register '" + name + "' in layer '" + layer
								+ "': no IPC process is in that layer (irm ipcp list shows the layers)");
					}
					for (IpcpInfo ipcp : ipcps) {
						irm.registerName(name, ipcp.pid());
						bound.registeredIn.add(ipcp.pid());
					}
				}
			}
			if (!bound.processBound) {
				irm.bindProcess(this.pid, name);
				bound.processBound = true;
			}
			return bound;
		}
		catch (RuntimeException ex) {
			undo(irm, name, bound);
			throw ex;
		}
	}

	@Override
	protected void doUnbind(String name) {
		Bound bound = this.binds.remove(name);
		if (bound != null && bound.generation == generation()) {
			// a bind of an irmd that is gone left nothing to undo in the one that answers now
			undo(this.runtime.irm(), name, bound);
		}
	}

	/** irmd learns that this process accepts for a new name only from the next accept call. */
	private void awaitFreshAccept(DevGeneration generation) {
		try {
			generation.acceptor().awaitFreshAccept();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void undo(Irm irm, String name, Bound bound) {
		if (bound.processBound) {
			quietly(() -> irm.unbindProcess(this.pid, name), "unbind process " + this.pid + " from '" + name + "'");
		}
		for (int ipcp : bound.registeredIn) {
			quietly(() -> irm.unregisterName(name, ipcp), "unregister '" + name + "' from IPCP " + ipcp);
		}
		if (bound.created) {
			quietly(() -> irm.destroyName(name), "destroy the name '" + name + "'");
		}
	}

	private static void quietly(Runnable action, String what) {
		try {
			action.run();
		}
		catch (RuntimeException ex) {
			logger.log(Level.WARNING, "Could not " + what + ": " + ex.getMessage());
		}
	}

	/** What one bind set up, in the irmd of one library load. */
	private static final class Bound {

		final NameOptions options;

		final DevGeneration generation;

		Bound(NameOptions options, DevGeneration generation) {
			this.options = options;
			this.generation = generation;
		}

		boolean created;

		final List<Integer> registeredIn = new ArrayList<>();

		boolean processBound;

	}

	// ---------------------------------------------------------------- events

	@Override
	protected FlowSet doNewFlowSet() {
		return new NativeFlowSet(this, generation());
	}

	@Override
	protected FlowEventQueue doNewEventQueue() {
		return new NativeEventQueue(this, generation());
	}

	@Override
	protected void doClose() {
		// the dev library stays loaded: other instances of the JVM share it
		generation().acceptor().wakeAll();
	}

}
