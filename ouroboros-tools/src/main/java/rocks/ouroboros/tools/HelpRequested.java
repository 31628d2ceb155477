package rocks.ouroboros.tools;

/** Thrown by option parsers for {@code --help}: the tool prints its usage and exits with status 0. */
public final class HelpRequested extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public HelpRequested() {
		super("help", null, false, false);
	}

}
