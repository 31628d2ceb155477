package rocks.ouroboros.jna;

import rocks.ouroboros.flow.FlowDownException;
import rocks.ouroboros.flow.FlowException;
import rocks.ouroboros.flow.FlowNotAllocatedException;
import rocks.ouroboros.flow.FlowPeerTimeoutException;
import rocks.ouroboros.flow.FlowPermissionException;
import rocks.ouroboros.flow.FlowTimeoutException;
import rocks.ouroboros.flow.FlowWouldBlockException;
import rocks.ouroboros.flow.MessageTooLargeException;
import rocks.ouroboros.flow.OuroborosUnavailableException;
import rocks.ouroboros.flow.UnknownNameException;

/**
 * Upstream's negative return codes ({@code ouroboros/errno.h} and the errno values it uses) and
 * the one place that turns them into {@link FlowException}s. Public for {@link #describe}, which
 * the IRM API uses in its messages.
 */
public final class NativeErrors {

	static final int EPERM = 1;

	static final int ENOENT = 2;

	static final int EBADF = 9;

	static final int EAGAIN = 11;

	static final int ENOMEM = 12;

	static final int EACCES = 13;

	static final int EEXIST = 17;

	static final int EINVAL = 22;

	static final int EMSGSIZE = 90;

	static final int ENOTSUP = 95;

	static final int ECONNRESET = 104;

	static final int ETIMEDOUT = 110;

	static final int ENOTALLOC = 1000;

	static final int EIPCPTYPE = 1001;

	static final int EIRMD = 1002;

	static final int EIPCP = 1003;

	static final int EIPCPSTATE = 1004;

	static final int EFLOWDOWN = 1005;

	static final int EFLOWPEER = 1006;

	static final int ENAME = 1007;

	static final int ECRYPT = 1008;

	static final int EAUTH = 1009;

	private NativeErrors() {
	}

	/**
	 * The exception for a negative return code.
	 * @param code the negative code
	 * @param what what was attempted, such as "read from flow 64 to 'oecho'"
	 * @param name the name involved, for {@link UnknownNameException}
	 */
	static FlowException toException(long code, String what, String name) {
		int error = (int) -code;
		String prefix = "Cannot " + what + ": ";
		return switch (error) {
			case ENOTALLOC, EBADF -> new FlowNotAllocatedException(prefix + "the flow is not allocated (" + describe(code)
					+ "); allocate a new flow");
			case EFLOWDOWN -> new FlowDownException(prefix + "the flow is down (the peer deallocated it or marked it"
					+ " down); close it and allocate a new one");
			case ECONNRESET -> new FlowDownException(prefix + "the connection was reset (" + describe(code)
					+ "); close the flow and allocate a new one");
			case EFLOWPEER -> new FlowPeerTimeoutException(prefix + "the peer stopped answering within the QoS peer"
					+ " timeout; close the flow");
			case ENAME -> new UnknownNameException(name, prefix + "no layer knows the name '" + name
					+ "': check the spelling, or bind a server process to it and register the name in a layer");
			case EAGAIN -> new FlowWouldBlockException(prefix + "no room now and the flow is non-blocking; the packet"
					+ " was not sent, write it again later");
			case ETIMEDOUT -> new FlowTimeoutException(prefix + "timed out", (int) code);
			case EPERM, EACCES -> new FlowPermissionException(prefix + "not permitted (" + describe(code)
					+ "): the flow's access mode or FRCT state does not allow it, or this process lacks the rights"
					+ " (run as root or in the 'ouroboros' group)", (int) code);
			case EAUTH -> new FlowPermissionException(prefix + "authentication failed (" + describe(code)
					+ "): a certificate was refused or a key or certificate file could not be loaded; check the"
					+ " name's security files (irmd's log names the file or the check that failed)", (int) code);
			case ECRYPT -> new FlowPermissionException(prefix + "the security handshake failed (" + describe(code)
					+ "): the server side requires encryption and the client side has none (an enc.conf on the"
					+ " server side only), or a certificate of either side is not signed by a CA in irmd's cacert"
					+ " store or the server's is not issued to the name; irmd's log says which", (int) code);
			case EMSGSIZE -> new MessageTooLargeException(prefix + "the packet does not fit (" + describe(code)
					+ "): write smaller packets, or read with a larger buffer", -1, -1);
			case EIRMD -> new OuroborosUnavailableException(prefix + "irmd did not answer (" + describe(code)
					+ "): check that irmd is running");
			case EIPCP -> new FlowException(prefix + "an IPC process failed (" + describe(code) + "): is a process"
					+ " bound to the name and accepting flows, and are the layers up?", (int) code);
			default -> new FlowException(prefix + describe(code), (int) code);
		};
	}

	/** A readable form of a negative code: {@code "-ETIMEDOUT (-110)"}. */
	public static String describe(long code) {
		int error = (int) -code;
		String symbol = switch (error) {
			case EPERM -> "EPERM";
			case ENOENT -> "ENOENT";
			case EBADF -> "EBADF";
			case EAGAIN -> "EAGAIN";
			case ENOMEM -> "ENOMEM";
			case EACCES -> "EACCES";
			case EEXIST -> "EEXIST";
			case EINVAL -> "EINVAL";
			case EMSGSIZE -> "EMSGSIZE";
			case ENOTSUP -> "ENOTSUP";
			case ECONNRESET -> "ECONNRESET";
			case ETIMEDOUT -> "ETIMEDOUT";
			case ENOTALLOC -> "ENOTALLOC";
			case EIPCPTYPE -> "EIPCPTYPE";
			case EIRMD -> "EIRMD";
			case EIPCP -> "EIPCP";
			case EIPCPSTATE -> "EIPCPSTATE";
			case EFLOWDOWN -> "EFLOWDOWN";
			case EFLOWPEER -> "EFLOWPEER";
			case ENAME -> "ENAME";
			case ECRYPT -> "ECRYPT";
			case EAUTH -> "EAUTH";
			default -> "error";
		};
		return "-" + symbol + " (" + code + ")";
	}

}
