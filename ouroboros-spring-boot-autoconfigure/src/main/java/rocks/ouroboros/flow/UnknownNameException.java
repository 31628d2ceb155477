package rocks.ouroboros.flow;

/**
 * No layer knows the name a flow was allocated to (or the layer a flow was to join): nobody
 * registered or bound it. Check the spelling, or start the server and bind it to the name.
 */
public class UnknownNameException extends FlowException {

	private static final long serialVersionUID = 1L;

	private final String name;

	public UnknownNameException(String name, String message) {
		super(message, -1007);
		this.name = name;
	}

	public UnknownNameException(String name) {
		this(name, "No layer knows the name '" + name
				+ "': check the spelling, or bind a server process to it (and register the name in a layer)");
	}

	/** The name nobody knows. */
	public String name() {
		return this.name;
	}

}
