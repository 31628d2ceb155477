package rocks.ouroboros.flow;

/** Which implementation serves an {@link Ouroboros} instance. */
public enum BackendKind {

	/** The in-JVM layer: same semantics as a local Ouroboros layer, no installation needed. */
	EMBEDDED,

	/** Real Ouroboros through its C libraries and the IRM daemon. */
	NATIVE

}
