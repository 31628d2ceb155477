package rocks.ouroboros.flow;

/**
 * The backend cannot be used: the Ouroboros libraries are not installed, the IRM daemon is not
 * running, the process lacks the rights, the versions do not match, or the {@link Ouroboros}
 * instance was closed. The message says which and what to do.
 */
public class OuroborosUnavailableException extends FlowException {

	private static final long serialVersionUID = 1L;

	public OuroborosUnavailableException(String message) {
		super(message, -1002);
	}

	public OuroborosUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
