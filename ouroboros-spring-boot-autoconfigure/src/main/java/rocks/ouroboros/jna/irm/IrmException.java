package rocks.ouroboros.jna.irm;

import rocks.ouroboros.flow.FlowException;

/** An IRM call failed; the message names the call, its arguments and the upstream error. */
public class IrmException extends FlowException {

	private static final long serialVersionUID = 1L;

	public IrmException(String message, int errorCode) {
		super(message, errorCode);
	}

}
