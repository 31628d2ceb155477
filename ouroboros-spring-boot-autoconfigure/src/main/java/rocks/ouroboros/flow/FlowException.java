package rocks.ouroboros.flow;

/**
 * Root of every exception the flow API throws. Subtypes exist for each case a caller acts on
 * differently; a plain {@code FlowException} is a failure with no better remedy than the
 * message, such as an IPC process error reported by Ouroboros.
 */
public class FlowException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final int errorCode;

	public FlowException(String message) {
		this(message, 0);
	}

	/**
	 * @param message what happened and what to do
	 * @param errorCode the negative upstream error code, or 0 when the failure was found in Java
	 */
	public FlowException(String message, int errorCode) {
		super(message);
		this.errorCode = errorCode;
	}

	public FlowException(String message, Throwable cause) {
		super(message, cause);
		this.errorCode = 0;
	}

	/** Constructor for frequent, expected conditions: no stack trace is captured. */
	protected FlowException(String message, int errorCode, boolean writableStackTrace) {
		super(message, null, false, writableStackTrace);
		this.errorCode = errorCode;
	}

	/**
	 * The negative error code Ouroboros returned ({@code -ETIMEDOUT}, {@code -EFLOWDOWN}, ...),
	 * or 0 when the failure was detected in Java.
	 */
	public int errorCode() {
		return this.errorCode;
	}

}
