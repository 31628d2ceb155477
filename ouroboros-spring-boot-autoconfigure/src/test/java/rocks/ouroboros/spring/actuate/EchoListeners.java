package rocks.ouroboros.spring.actuate;

import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.spring.listener.OuroborosListener;

/** Two listeners for the tests: {@code echo} answers each line, {@code idle} does not start. */
public class EchoListeners {

	@OuroborosListener(id = "echo", name = "echo")
	String echo(String line) {
		return line;
	}

	@OuroborosListener(id = "idle", name = "idle", autoStartup = "false")
	void idle(Flow flow) {
	}

}
