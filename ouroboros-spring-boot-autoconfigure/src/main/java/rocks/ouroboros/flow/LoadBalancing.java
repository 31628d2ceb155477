package rocks.ouroboros.flow;

/** How the IRM spreads flows to a name over the processes bound to it ({@code enum pol_balance}). */
public enum LoadBalancing {

	/** Take turns. */
	ROUND_ROBIN,

	/** Fill one process before the next. */
	SPILL

}
