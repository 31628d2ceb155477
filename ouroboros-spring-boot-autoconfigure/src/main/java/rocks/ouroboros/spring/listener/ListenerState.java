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
	FAILED,

	/**
	 * The backend stopped serving and comes back by itself ({@link rocks.ouroboros.flow.Ouroboros#recoversByItself()}):
	 * not accepting, starting again with back-off until it serves; see
	 * {@link OuroborosListenerContainer#getFailure()} for what stopped it.
	 */
	RECOVERING

}
