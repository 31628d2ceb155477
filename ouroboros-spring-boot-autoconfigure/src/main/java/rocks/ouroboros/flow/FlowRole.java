package rocks.ouroboros.flow;

/** Which side of a flow this process is on. */
public enum FlowRole {

	/** The flow was allocated by this process ({@link Ouroboros#alloc(String)}). */
	CLIENT,

	/** The flow was accepted by this process ({@link Ouroboros#accept()}). */
	SERVER,

	/** The flow joins a broadcast layer ({@link Ouroboros#join(String)}). */
	BROADCAST

}
