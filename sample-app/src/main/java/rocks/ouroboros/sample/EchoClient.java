package rocks.ouroboros.sample;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import rocks.ouroboros.flow.BackendKind;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.spring.core.FlowTemplate;

/**
 * The echo client: once the application runs, it sends each configured line over its own flow
 * (the {@code ouroboros.flows.echo} factory, with the {@code echo} QoS profile) and prints the
 * reply.
 */
@Component
public class EchoClient implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(EchoClient.class);

	private final FlowTemplate echo;

	private final Ouroboros ouroboros;

	private final SampleProperties properties;

	private final List<String> replies = new CopyOnWriteArrayList<>();

	public EchoClient(@Qualifier("echo") FlowTemplate echo, Ouroboros ouroboros, SampleProperties properties) {
		this.echo = echo;
		this.ouroboros = ouroboros;
		this.properties = properties;
	}

	@Override
	public void run(ApplicationArguments args) {
		logger.info("Ouroboros backend: {} {}; echo name '{}', QoS {}", this.ouroboros.backend(),
				this.ouroboros.version(), this.echo.getFlowFactory().destination(), this.echo.getFlowFactory().qos());
		if (!this.properties.isClient()) {
			logger.info("Client mode off: serving only");
			return;
		}
		if (this.ouroboros.backend() == BackendKind.NATIVE && this.properties.isServer()) {
			logger.warn("On real Ouroboros a process cannot allocate a flow to a name it serves itself: "
					+ "run the client as a second instance with --sample.server=false (or use oecho)");
			return;
		}
		for (String line : this.properties.getLines()) {
			String reply = this.echo.requestLine(line);
			this.replies.add(reply);
			logger.info("Client sent '{}', server replied '{}'", line, reply);
		}
	}

	/** The replies received, in order. */
	public List<String> replies() {
		return List.copyOf(this.replies);
	}

}
