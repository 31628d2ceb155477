package rocks.ouroboros.jna.irm;

import java.util.Objects;

import rocks.ouroboros.flow.LoadBalancing;
import rocks.ouroboros.flow.Names;
import rocks.ouroboros.flow.SecurityPaths;

/**
 * A name as the IRM knows it ({@code struct name_info}).
 *
 * @param name the name
 * @param loadBalancing how flows spread over the processes bound to it
 * @param server the server side's security files
 * @param client the client side's security files
 */
public record NameInfo(String name, LoadBalancing loadBalancing, SecurityPaths server, SecurityPaths client) {

	public NameInfo {
		Names.requireValid(name, "name");
		Objects.requireNonNull(loadBalancing, "loadBalancing");
		Objects.requireNonNull(server, "server");
		Objects.requireNonNull(client, "client");
	}

	/** A name with round-robin balancing and no security files. */
	public static NameInfo of(String name) {
		return new NameInfo(name, LoadBalancing.ROUND_ROBIN, SecurityPaths.NONE, SecurityPaths.NONE);
	}

}
