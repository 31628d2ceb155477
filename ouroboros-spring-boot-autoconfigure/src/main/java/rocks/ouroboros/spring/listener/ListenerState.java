package rocks.ouroboros.spring.listener;

/** Where a listener container is in its life. */
public enum ListenerState {

	/** Made and never started. */
	CREATED,

	/** Accepting flows and handling them. */
	RUNNING,

	/** No longer accepting; waiting for running handlers within the shutdown timeout. */
	STOPPING,

	/** Stopped on purpose (by the registry, the application or the context closing). */
	STOPPED,

	/** Stopped because accepting or reading failed; see {@link OuroborosListenerContainer#getFailure()}. */
	FAILED

}
