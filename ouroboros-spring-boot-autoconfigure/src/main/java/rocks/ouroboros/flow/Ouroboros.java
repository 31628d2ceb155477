package rocks.ouroboros.flow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import rocks.ouroboros.embedded.EmbeddedLayer;

/**
 * One Ouroboros process: allocates flows to names, accepts flows on the names it is bound to, and
 * joins broadcast layers; the Java twin of pyOuroboros's {@code flow_alloc}, {@code flow_accept}
 * and {@code flow_join}. Closing it closes every flow and flow set it made and undoes its binds.
 * <p>
 * {@link #embedded()} gives a process on the shared in-JVM layer; isolated layers for tests come
 * from {@link EmbeddedLayer#create()}. The native backend lives in {@code rocks.ouroboros.jna}.
 * <p>
 * Backends extend this class and implement the protected primitives; the public methods check
 * arguments, keep track of open flows and notify {@link FlowObserver observers}.
 */
public abstract class Ouroboros implements AutoCloseable {

	private final Set<Flow> openFlows = ConcurrentHashMap.newKeySet();

	private final Set<FlowSet> openSets = ConcurrentHashMap.newKeySet();

	private final Set<String> boundNames = ConcurrentHashMap.newKeySet();

	/** Orders binds and unbinds with close, so that no bind outlives the process. */
	private final ReentrantLock namesLock = new ReentrantLock();

	private final List<FlowObserver> observers = new CopyOnWriteArrayList<>();

	private volatile boolean closed;

	/** A new process on the shared in-JVM layer of this JVM. */
	public static Ouroboros embedded() {
		return EmbeddedLayer.shared().newProcess();
	}

	/**
	 * Real Ouroboros when it can be used here, otherwise the shared in-JVM layer; the reason for
	 * falling back is logged once per call as a WARNING.
	 * @see #openNative()
	 */
	public static Ouroboros open() {
		try {
			return rocks.ouroboros.jna.NativeBackend.open(rocks.ouroboros.jna.NativeSettings.defaults());
		}
		catch (OuroborosUnavailableException ex) {
			System.getLogger(Ouroboros.class.getName()).log(System.Logger.Level.WARNING,
					ex.getMessage() + "; using the embedded layer");
		}
		catch (LinkageError ex) {
			System.getLogger(Ouroboros.class.getName()).log(System.Logger.Level.WARNING,
					"Native Ouroboros is unavailable (" + ex + "); using the embedded layer");
		}
		return embedded();
	}

	/**
	 * Real Ouroboros with the default settings.
	 * @throws OuroborosUnavailableException saying why when it cannot be used: no libraries, no
	 * irmd, no rights, another version, or JNA missing from the class path
	 */
	public static Ouroboros openNative() {
		try {
			return rocks.ouroboros.jna.NativeBackend.open(rocks.ouroboros.jna.NativeSettings.defaults());
		}
		catch (NoClassDefFoundError ex) {
			throw new OuroborosUnavailableException("Native Ouroboros is unavailable: JNA is not on the class path"
					+ " (" + ex.getMessage() + "): add net.java.dev.jna:jna", ex);
		}
	}

	// ---------------------------------------------------------------- flows

	/** Allocates a flow to {@code name} with {@link QosSpec#RAW}, waiting as long as Ouroboros lets it. */
	public final Flow alloc(String name) {
		return alloc(name, QosSpec.RAW, null);
	}

	/** Allocates a flow to {@code name} with {@code qos}, waiting as long as Ouroboros lets it. */
	public final Flow alloc(String name, QosSpec qos) {
		return alloc(name, qos, null);
	}

	/**
	 * Allocates a flow to {@code name}: a process bound to the name must accept it.
	 * @param name the name of the service
	 * @param qos what the flow asks of the layers
	 * @param timeout how long to wait for the accept; {@code null} waits as long as Ouroboros lets
	 * it (about 20 s)
	 * @throws UnknownNameException when no layer knows the name
	 * @throws FlowTimeoutException when nobody accepted in time
	 */
	public final Flow alloc(String name, QosSpec qos, @Nullable Duration timeout) {
		Names.requireValid(name, "name");
		Objects.requireNonNull(qos, "qos must not be null: pass a QosSpec such as QosSpec.RAW");
		Names.requireValidTimeout(timeout, "alloc timeout");
		return opened(name, FlowRole.CLIENT, () -> doAlloc(name, qos, timeout));
	}

	/** Accepts the next flow to a name this process is bound to, waiting without limit. */
	public final Flow accept() {
		return accept(null);
	}

	/**
	 * Accepts the next flow to a name this process is {@link #bind(String) bound} to.
	 * @param timeout how long to wait; {@code null} without limit
	 * @throws FlowTimeoutException when no flow came in time
	 */
	public final Flow accept(@Nullable Duration timeout) {
		Names.requireValidTimeout(timeout, "accept timeout");
		return opened("", FlowRole.SERVER, () -> doAccept(timeout));
	}

	/** Joins the broadcast layer {@code layer}. */
	public final Flow join(String layer) {
		return join(layer, QosSpec.RAW, null);
	}

	/** Joins the broadcast layer {@code layer}, waiting at most {@code timeout}. */
	public final Flow join(String layer, @Nullable Duration timeout) {
		return join(layer, QosSpec.RAW, timeout);
	}

	/**
	 * Joins a broadcast layer: what this flow writes reaches every other member, not itself.
	 * @throws UnknownNameException when there is no such broadcast layer
	 */
	public final Flow join(String layer, QosSpec qos, @Nullable Duration timeout) {
		Names.requireValid(layer, "layer");
		Objects.requireNonNull(qos, "qos must not be null: pass a QosSpec such as QosSpec.RAW");
		Names.requireValidTimeout(timeout, "join timeout");
		return opened(layer, FlowRole.BROADCAST, () -> doJoin(layer, qos, timeout));
	}

	// ---------------------------------------------------------------- names

	/** Makes this process accept flows to {@code name}. Binding a bound name again does nothing. */
	public final void bind(String name) {
		bind(name, NameOptions.BIND_ONLY);
	}

	/**
	 * Makes this process accept flows to {@code name}, first creating the name and registering it
	 * in layers as {@code options} ask; {@link #unbind(String)} undoes all of it. Binding a bound
	 * name again does nothing.
	 * @throws IllegalArgumentException when a security file of the options is missing or unreadable
	 */
	public final void bind(String name, NameOptions options) {
		Names.requireValid(name, "name");
		Objects.requireNonNull(options, "options");
		options.requireReadableFiles();
		this.namesLock.lock();
		try {
			checkOpen();
			if (this.boundNames.add(name)) {
				try {
					doBind(name, options);
				}
				catch (RuntimeException ex) {
					this.boundNames.remove(name);
					throw ex;
				}
			}
		}
		finally {
			this.namesLock.unlock();
		}
	}

	/** Stops accepting flows to {@code name}; unbinding a name that is not bound does nothing. */
	public final void unbind(String name) {
		Names.requireValid(name, "name");
		this.namesLock.lock();
		try {
			if (this.boundNames.remove(name)) {
				doUnbind(name);
			}
		}
		finally {
			this.namesLock.unlock();
		}
	}

	/** The names this process is bound to. */
	public final Set<String> boundNames() {
		return Collections.unmodifiableSet(this.boundNames);
	}

	// ---------------------------------------------------------------- events

	/** A new, empty flow set (upstream allows 31 per process). */
	public final FlowSet newFlowSet() {
		checkOpen();
		FlowSet set = doNewFlowSet();
		this.openSets.add(set);
		if (this.closed) {
			set.close();
			checkOpen();
		}
		return set;
	}

	/** A new event queue for {@link FlowSet#await(FlowEventQueue, Duration)}. */
	public final FlowEventQueue newEventQueue() {
		checkOpen();
		return doNewEventQueue();
	}

	// ---------------------------------------------------------------- state

	/** Which backend this is. */
	public abstract BackendKind backend();

	/** The version of Ouroboros behind this instance (for the embedded layer, the version it mirrors). */
	public abstract String version();

	/** Whether the backend still serves: not closed, and for native the IRM daemon answers. */
	public boolean isAvailable() {
		return !this.closed;
	}

	/**
	 * Whether the backend comes back by itself after it stopped serving, so that a listener may wait
	 * for it rather than fail: the native backend with reloading after an irmd restart enabled
	 * ({@code NativeSettings.reloadOnIrmdRestart}); {@code false} otherwise.
	 */
	public boolean recoversByItself() {
		return false;
	}

	/**
	 * Why the backend does not serve now, when it knows more than {@link #isAvailable()} says (the
	 * native backend recovering from an irmd restart, or why it cannot); empty otherwise.
	 */
	public Optional<String> unavailableReason() {
		return Optional.empty();
	}

	/** The flows open now. */
	public final Collection<Flow> openFlows() {
		return Collections.unmodifiableSet(this.openFlows);
	}

	/** The flow sets open now. */
	public final int openFlowSetCount() {
		return this.openSets.size();
	}

	/** Whether {@link #close()} was called. */
	public final boolean isClosed() {
		return this.closed;
	}

	/** Registers an observer; it is told of the flows open now and of every later one. */
	public final void addObserver(FlowObserver observer) {
		Objects.requireNonNull(observer, "observer");
		this.observers.add(observer);
		for (Flow flow : this.openFlows) {
			flow.addTracker(observer.flowOpened(flow));
		}
	}

	/** Closes every flow and flow set of this process, unbinds its names and frees the backend. */
	@Override
	public final void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		try {
			for (Flow flow : new ArrayList<>(this.openFlows)) {
				flow.close();
			}
			for (FlowSet set : new ArrayList<>(this.openSets)) {
				set.close();
			}
			this.namesLock.lock();
			try {
				for (String name : new ArrayList<>(this.boundNames)) {
					unbind(name);
				}
			}
			finally {
				this.namesLock.unlock();
			}
		}
		finally {
			doClose();
		}
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + backend() + " " + version() + ", flows=" + this.openFlows.size()
				+ (this.closed ? ", closed" : "") + "]";
	}

	// ---------------------------------------------------------------- for backends

	/** Fails with {@link OuroborosUnavailableException} when this instance is closed. */
	protected final void checkOpen() {
		if (this.closed) {
			throw new OuroborosUnavailableException(
					"this Ouroboros instance is closed: open a new one to allocate or accept flows");
		}
	}

	/** Allocates a flow; arguments are checked. */
	protected abstract Flow doAlloc(String name, QosSpec qos, @Nullable Duration timeout);

	/** Accepts a flow; arguments are checked. */
	protected abstract Flow doAccept(@Nullable Duration timeout);

	/** Joins a broadcast layer; arguments are checked. */
	protected abstract Flow doJoin(String layer, QosSpec qos, @Nullable Duration timeout);

	/** Binds this process to a name not bound yet, creating and registering it as the options ask. */
	protected abstract void doBind(String name, NameOptions options);

	/** Unbinds a bound name. */
	protected abstract void doUnbind(String name);

	/** Makes a flow set. */
	protected abstract FlowSet doNewFlowSet();

	/** Makes an event queue. */
	protected abstract FlowEventQueue doNewEventQueue();

	/** Frees the backend after every flow and set was closed; wakes waiting accepts. */
	protected abstract void doClose();

	// ---------------------------------------------------------------- bookkeeping

	private Flow opened(String name, FlowRole role, java.util.function.Supplier<Flow> open) {
		Flow flow;
		try {
			checkOpen();
			flow = open.get();
		}
		catch (FlowException ex) {
			for (FlowObserver observer : this.observers) {
				observer.flowFailed(name, role, ex);
			}
			throw ex;
		}
		this.openFlows.add(flow);
		for (FlowObserver observer : this.observers) {
			flow.addTracker(observer.flowOpened(flow));
		}
		if (this.closed) {
			flow.close();
			checkOpen();
		}
		return flow;
	}

	final void forget(Flow flow) {
		this.openFlows.remove(flow);
	}

	final void forget(FlowSet set) {
		this.openSets.remove(set);
	}

}
