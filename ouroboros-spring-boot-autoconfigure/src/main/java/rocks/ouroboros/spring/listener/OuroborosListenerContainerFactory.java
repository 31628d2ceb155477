package rocks.ouroboros.spring.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.TaskExecutor;

import rocks.ouroboros.flow.Names;
import rocks.ouroboros.flow.Ouroboros;

/**
 * Makes the {@link OuroborosListenerContainer containers} of listener endpoints, with the
 * defaults an endpoint does not override. The auto-configuration makes one named
 * {@code ouroborosListenerContainerFactory} from {@code ouroboros.listener.*}.
 */
public class OuroborosListenerContainerFactory {

	/** The default phase of containers: stopped before most other lifecycle beans. */
	public static final int DEFAULT_PHASE = SmartLifecycle.DEFAULT_PHASE - 100;

	private final Ouroboros ouroboros;

	private final TaskExecutor taskExecutor;

	private int concurrency = 16;

	private @Nullable Duration idleTimeout;

	private Duration shutdownTimeout = Duration.ofSeconds(20);

	private OuroborosListenerErrorHandler errorHandler = new LoggingListenerErrorHandler();

	private List<ListenerInvocationInterceptor> interceptors = List.of();

	private int phase = DEFAULT_PHASE;

	/**
	 * @param ouroboros the process whose flows the containers accept
	 * @param taskExecutor runs the listener methods
	 */
	public OuroborosListenerContainerFactory(Ouroboros ouroboros, TaskExecutor taskExecutor) {
		this.ouroboros = Objects.requireNonNull(ouroboros, "ouroboros");
		this.taskExecutor = Objects.requireNonNull(taskExecutor, "taskExecutor");
	}

	/** Handler calls at once per listener, unless the endpoint says otherwise (default 16). */
	public void setConcurrency(int concurrency) {
		if (concurrency < 1) {
			throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
		}
		this.concurrency = concurrency;
	}

	/**
	 * How long a flow may stay silent before the container deallocates it; in flow mode the read
	 * timeout of each accepted flow. {@code null} (the default) keeps flows until the peer leaves.
	 */
	public void setIdleTimeout(@Nullable Duration idleTimeout) {
		if (idleTimeout != null && (idleTimeout.isNegative() || idleTimeout.isZero())) {
			throw new IllegalArgumentException("idle timeout must be positive, was " + idleTimeout);
		}
		this.idleTimeout = idleTimeout;
	}

	/** How long a stop waits for running handlers before it deallocates their flows (default 20 s). */
	public void setShutdownTimeout(Duration shutdownTimeout) {
		Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
		Names.requireValidTimeout(shutdownTimeout, "shutdown timeout");
		this.shutdownTimeout = shutdownTimeout;
	}

	/** The error handler of endpoints that name none (default: {@link LoggingListenerErrorHandler}). */
	public void setErrorHandler(OuroborosListenerErrorHandler errorHandler) {
		this.errorHandler = Objects.requireNonNull(errorHandler, "errorHandler");
	}

	/** Interceptors around every listener call, outermost first (the seam for observations). */
	public void setInterceptors(List<? extends ListenerInvocationInterceptor> interceptors) {
		this.interceptors = List.copyOf(interceptors);
	}

	/** Adds an interceptor inside those already set. */
	public void addInterceptor(ListenerInvocationInterceptor interceptor) {
		List<ListenerInvocationInterceptor> list = new ArrayList<>(this.interceptors);
		list.add(Objects.requireNonNull(interceptor, "interceptor"));
		this.interceptors = List.copyOf(list);
	}

	/** The {@link SmartLifecycle} phase of the containers. */
	public void setPhase(int phase) {
		this.phase = phase;
	}

	/** The process whose flows the containers accept. */
	public Ouroboros getOuroboros() {
		return this.ouroboros;
	}

	/** The executor of the listener methods. */
	public TaskExecutor getTaskExecutor() {
		return this.taskExecutor;
	}

	public int getConcurrency() {
		return this.concurrency;
	}

	public @Nullable Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public List<ListenerInvocationInterceptor> getInterceptors() {
		return this.interceptors;
	}

	/** A new, stopped container for {@code endpoint}. */
	public OuroborosListenerContainer createContainer(OuroborosListenerEndpoint endpoint) {
		Objects.requireNonNull(endpoint, "endpoint");
		int concurrency = (endpoint.concurrency() != null) ? endpoint.concurrency() : this.concurrency;
		boolean autoStartup = (endpoint.autoStartup() != null) ? endpoint.autoStartup() : true;
		OuroborosListenerErrorHandler errorHandler = (endpoint.errorHandler() != null) ? endpoint.errorHandler()
				: this.errorHandler;
		return new FlowListenerContainer(endpoint, this.ouroboros, this.taskExecutor, concurrency, this.idleTimeout,
				this.shutdownTimeout, errorHandler, this.interceptors, autoStartup, this.phase);
	}

}
