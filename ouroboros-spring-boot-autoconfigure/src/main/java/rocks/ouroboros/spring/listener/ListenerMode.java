package rocks.ouroboros.spring.listener;

/** How a listener method is called, decided by its signature. */
public enum ListenerMode {

	/** {@code void handle(Flow)}: once per accepted flow, which the method owns for its life. */
	FLOW,

	/** {@code R handle(P[, Flow])}: once per packet, the non-null return written back as the reply. */
	PACKET

}
