package rocks.ouroboros.sample;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** What the sample does: serve {@code oecho}, send lines to it, or both. */
@ConfigurationProperties("sample")
public class SampleProperties {

	/** Serve the echo name (server mode). */
	private boolean server = true;

	/** Send the lines to the echo name and print the replies (client mode). */
	private boolean client = true;

	/** The lines the client sends, one flow each, as {@code oecho} answers one packet per flow. */
	private List<String> lines = new ArrayList<>(List.of("Client says hi!", "Ouroboros flows to names",
			"Γειά σου κόσμε"));

	public boolean isServer() {
		return this.server;
	}

	public void setServer(boolean server) {
		this.server = server;
	}

	public boolean isClient() {
		return this.client;
	}

	public void setClient(boolean client) {
		this.client = client;
	}

	public List<String> getLines() {
		return this.lines;
	}

	public void setLines(List<String> lines) {
		this.lines = lines;
	}

}
