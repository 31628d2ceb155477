package rocks.ouroboros.tools;

/**
 * A command line a tool cannot run: the message says which option is wrong and how to fix it.
 * Tools print it followed by their usage text and exit with status 2.
 */
public class UsageException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	public UsageException(String message) {
		super(message);
	}

}
