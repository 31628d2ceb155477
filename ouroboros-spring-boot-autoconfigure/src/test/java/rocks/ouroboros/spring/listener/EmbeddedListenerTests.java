package rocks.ouroboros.spring.listener;

import org.junit.jupiter.api.AfterEach;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import rocks.ouroboros.embedded.EmbeddedLayer;
import rocks.ouroboros.flow.Ouroboros;

/**
 * The listener contract on the embedded backend, each test on its own layer; the layer outlives
 * the context so that clients can read replies while the context closes.
 */
class EmbeddedListenerTests extends ListenerContract {

	private final EmbeddedLayer layer = EmbeddedLayer.create();

	@AfterEach
	void closeLayer() {
		this.layer.close();
	}

	@Override
	String[] backendProperties(String name) {
		return new String[] { "ouroboros.backend=embedded" };
	}

	@Override
	ApplicationContextRunner prepare(ApplicationContextRunner runner) {
		return runner.withBean("testLayer", EmbeddedLayer.class, () -> this.layer,
				(definition) -> definition.setDestroyMethodName(""));
	}

	@Override
	Ouroboros openClient(AssertableApplicationContext context) {
		return this.layer.newProcess("client");
	}

}
