package rocks.ouroboros.spring.listener;

import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Serves one listener: takes the flows accepted on its name and calls its method for each flow
 * (flow mode) or each packet (packet mode). {@link #stop(Runnable)} stops gracefully: no more
 * flows are taken, handlers that run or wait finish within the shutdown timeout and their replies
 * are written, then every flow is deallocated; what is cut short is logged. The callback always
 * runs. A stopped container can be started again.
 * <p>
 * The counters are cumulative over restarts and safe to read from any thread.
 */
public interface OuroborosListenerContainer extends SmartLifecycle {

	/** The listener id. */
	String getListenerId();

	/** The name served. */
	String getName();

	/** Flow or packet mode. */
	ListenerMode getMode();

	/** Handler calls at once. */
	int getConcurrency();

	/** Where the container is in its life. */
	ListenerState getState();

	/** Why the container {@link ListenerState#FAILED failed} or is {@link ListenerState#RECOVERING recovering}; {@code null} otherwise. */
	@Nullable Throwable getFailure();

	/** Flows open now (accepted and not yet deallocated). */
	int getOpenFlowCount();

	/** Flows accepted since creation. */
	long getAcceptedFlowCount();

	/** Handler calls that returned normally. */
	long getHandledCount();

	/** Handler calls that threw. */
	long getFailedCount();

}
