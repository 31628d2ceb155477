package rocks.ouroboros.flow;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How {@link Ouroboros#bind(String, NameOptions)} sets up a name beyond binding this process to
 * it: create the name in the IRM (with its load-balancing policy and security files) and register
 * it in layers, as {@code irm name create} and {@code irm name register} do. What bind sets up,
 * unbind undoes. The embedded backend checks the options but has no IRM to create names in.
 *
 * @param create create the name in the IRM first (an existing name is reused)
 * @param layers the layers to register the name in
 * @param loadBalancing how flows spread over the processes bound to the name
 * @param server security files for the server side
 * @param client security files for the client side
 */
public record NameOptions(boolean create, List<String> layers, LoadBalancing loadBalancing, SecurityPaths server,
		SecurityPaths client) {

	/** Bind only: no name is created, no layer registered. */
	public static final NameOptions BIND_ONLY = new NameOptions(false, List.of(), LoadBalancing.ROUND_ROBIN,
			SecurityPaths.NONE, SecurityPaths.NONE);

	public NameOptions {
		Objects.requireNonNull(layers, "layers");
		Objects.requireNonNull(loadBalancing, "loadBalancing");
		Objects.requireNonNull(server, "server");
		Objects.requireNonNull(client, "client");
		for (String layer : layers) {
			Names.requireValid(layer, "layer");
		}
		layers = List.copyOf(layers);
		if (!create && !(server.isEmpty() && client.isEmpty())) {
			throw new IllegalArgumentException(
					"security files are set when the name is created: set create to use them");
		}
	}

	/** Options that create the name and register it in {@code layers}. */
	public static NameOptions createIn(String... layers) {
		Objects.requireNonNull(layers, "layers");
		return new NameOptions(true, Arrays.asList(layers), LoadBalancing.ROUND_ROBIN, SecurityPaths.NONE,
				SecurityPaths.NONE);
	}

	/** Checks that every security file given is readable. */
	public void requireReadableFiles() {
		this.server.requireReadable("server");
		this.client.requireReadable("client");
	}

}
