package rocks.ouroboros.sample;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import rocks.ouroboros.flow.BackendKind;
import rocks.ouroboros.flow.Ouroboros;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ouroboros.backend=embedded", "ouroboros.embedded.isolated=true" })
class SampleApplicationTests {

	@Autowired
	private EchoClient client;

	@Autowired
	private EchoListener listener;

	@Autowired
	private Ouroboros ouroboros;

	@Autowired
	private SampleProperties properties;

	@Test
	void theClientGetsEveryLineEchoedByTheListener() {
		assertThat(this.ouroboros.backend()).isEqualTo(BackendKind.EMBEDDED);
		assertThat(this.client.replies()).containsExactlyElementsOf(this.properties.getLines());
		assertThat(this.listener.echoed()).isEqualTo(this.properties.getLines().size());
	}

}
