package rocks.ouroboros.spring.listener;

import org.jspecify.annotations.Nullable;

/**
 * Handles an exception thrown by a listener method. The listener lives on whatever happens: in
 * flow mode the flow is deallocated afterwards, in packet mode the next packet is handled.
 */
@FunctionalInterface
public interface OuroborosListenerErrorHandler {

	/**
	 * @param exception what the listener method threw
	 * @param invocation the failed call
	 * @return in packet mode, a reply to write back ({@code byte[]}, {@code String} or
	 * {@code ByteBuffer}) or {@code null} for none; ignored in flow mode
	 * @throws Exception to give up on the flow: it is deallocated
	 */
	@Nullable Object handleError(Exception exception, ListenerInvocation invocation) throws Exception;

}
