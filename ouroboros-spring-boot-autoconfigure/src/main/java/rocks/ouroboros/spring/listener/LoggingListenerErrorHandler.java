package rocks.ouroboros.spring.listener;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/** The default error handler: logs the failure at ERROR with the listener id and the flow, and replies nothing. */
public class LoggingListenerErrorHandler implements OuroborosListenerErrorHandler {

	private static final Log logger = LogFactory.getLog(LoggingListenerErrorHandler.class);

	@Override
	public @Nullable Object handleError(Exception exception, ListenerInvocation invocation) {
		logger.error("Listener '" + invocation.listenerId() + "' on '" + invocation.name() + "' failed on "
				+ invocation.flow() + ((invocation.mode() == ListenerMode.PACKET)
						? " handling a packet of " + invocation.payloadBytes() + " bytes" : ""),
				exception);
		return null;
	}

}
