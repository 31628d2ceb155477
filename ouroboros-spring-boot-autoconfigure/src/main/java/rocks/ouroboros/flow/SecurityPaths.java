package rocks.ouroboros.flow;

import java.nio.file.Files;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * The files that secure one side (server or client) of the flows to a name, as upstream's
 * {@code struct name_sec_paths}: encryption configuration, private key and certificate. Each is
 * optional; a path that is given must name a readable file. Only the paths are ever logged,
 * never what the files hold.
 *
 * @param encryption the encryption configuration file, or {@code null}
 * @param key the private key (PEM), or {@code null}
 * @param certificate the certificate (PEM), or {@code null}
 */
public record SecurityPaths(@Nullable Path encryption, @Nullable Path key, @Nullable Path certificate) {

	/** No security files. */
	public static final SecurityPaths NONE = new SecurityPaths(null, null, null);

	/** Whether no path is set. */
	public boolean isEmpty() {
		return this.encryption == null && this.key == null && this.certificate == null;
	}

	/**
	 * Checks that every path given names a readable regular file.
	 * @param side "server" or "client", for the message
	 * @throws IllegalArgumentException naming the path and what is wrong with it
	 */
	public void requireReadable(String side) {
		check(side, "encryption", this.encryption);
		check(side, "key", this.key);
		check(side, "certificate", this.certificate);
	}

	private static void check(String side, String what, @Nullable Path path) {
		if (path == null) {
			return;
		}
		if (!Files.exists(path)) {
			throw new IllegalArgumentException("the " + side + " " + what + " file " + path
					+ " does not exist: create it or fix the path");
		}
		if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
			throw new IllegalArgumentException("the " + side + " " + what + " file " + path
					+ " is not a readable file: check its permissions for the user running this process");
		}
	}

}
