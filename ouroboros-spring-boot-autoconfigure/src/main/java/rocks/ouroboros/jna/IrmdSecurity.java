package rocks.ouroboros.jna;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

import rocks.ouroboros.flow.LoadBalancing;
import rocks.ouroboros.flow.NameOptions;
import rocks.ouroboros.flow.SecurityPaths;

/**
 * Where irmd 0.23.0 looks for a name's security files, and how a name with security files can be
 * created so that irmd reads the files it was given.
 * <p>
 * irmd reads {@code <dir>/server/<name>/enc.conf}, {@code key.pem} and {@code crt.pem} (and the
 * same under {@code client/}) for every path a name was created without; {@code <dir>} is fixed
 * when upstream is built ({@code OUROBOROS_SECURITY_DIR}: {@code /etc/ouroboros/security} for an
 * install under {@code /usr}, {@code /usr/local/etc/ouroboros/security} under {@code /usr/local}).
 * Its IRM message for {@code irm_create_name} carries the key and certificate paths but not the
 * encryption paths, and irmd then reads those fields uninitialised: seen to make a name read
 * another name's {@code enc.conf}. A name that irmd creates itself when a process binds to it
 * gets every default path (and the spill policy), so a name that must be encrypted is created
 * that way, and only with the default paths.
 */
final class IrmdSecurity {

	/** System property naming irmd's security directory, for a build with another one. */
	static final String DIRECTORY_PROPERTY = "ouroboros.security.directory";

	private final Path directory;

	IrmdSecurity(Path directory) {
		this.directory = directory.toAbsolutePath().normalize();
	}

	/**
	 * The security directory of the irmd built with the library at {@code devLibrary}: its
	 * install prefix's {@code etc/ouroboros/security} ({@code /etc/...} for the prefix
	 * {@code /usr}), unless {@value #DIRECTORY_PROPERTY} says otherwise.
	 */
	static IrmdSecurity forLibrary(Path devLibrary) {
		String configured = System.getProperty(DIRECTORY_PROPERTY);
		if (configured != null && !configured.isBlank()) {
			return new IrmdSecurity(Path.of(configured));
		}
		Path prefix = devLibrary.toAbsolutePath().getParent();
		while (prefix != null && prefix.getFileName() != null && !prefix.getFileName().toString().equals("lib")
				&& !prefix.getFileName().toString().startsWith("lib64")) {
			prefix = prefix.getParent();
		}
		prefix = (prefix != null && prefix.getParent() != null) ? prefix.getParent() : Path.of("/usr");
		Path etc = prefix.equals(Path.of("/usr")) ? Path.of("/etc")
				: prefix.startsWith("/opt") ? Path.of("/etc").resolve(Path.of("/").relativize(prefix))
						: prefix.resolve("etc");
		return new IrmdSecurity(etc.resolve("ouroboros").resolve("security"));
	}

	/** irmd's security directory. */
	Path directory() {
		return this.directory;
	}

	/** The file irmd reads for one side of a name created without that path. */
	Path defaultPath(String side, String name, String file) {
		return this.directory.resolve(side).resolve(name).resolve(file);
	}

	/**
	 * Checks the security files of a name to be created and says how to create it.
	 * @return {@code true} to let irmd create the name on bind (every path its default),
	 * {@code false} to create it with {@code irm_create_name}
	 * @throws IllegalArgumentException naming the setting and the path irmd uses
	 */
	boolean createOnBind(String name, NameOptions options) {
		requirePairs("server", options.server());
		requirePairs("client", options.client());
		checkEncryption("server", name, options.server().encryption());
		checkEncryption("client", name, options.client().encryption());
		String custom = firstCustomPath(name, options);
		boolean encrypted = options.server().encryption() != null || options.client().encryption() != null;
		if (encrypted && custom != null) {
			throw new IllegalArgumentException("Ouroboros 0.23.0 cannot create a name with encryption and a " + custom
					+ " (irm_create_name leaves the encryption paths undefined; only a name irmd creates itself"
					+ " reads its enc.conf for sure, and that name has irmd's default paths): put the file at "
					+ defaultOf(custom, name) + " and set that path, or leave it unset");
		}
		if (encrypted && options.loadBalancing() != LoadBalancing.SPILL) {
			throw new IllegalArgumentException("Ouroboros 0.23.0 creates a name with encryption only when a process"
					+ " binds to it, and gives it the spill policy: set load-balancing to spill");
		}
		return custom == null && options.loadBalancing() == LoadBalancing.SPILL;
	}

	/** irmd authenticates with a key and a certificate, and ignores one without the other. */
	private static void requirePairs(String side, SecurityPaths paths) {
		if ((paths.key() == null) != (paths.certificate() == null)) {
			throw new IllegalArgumentException("the " + side + " " + ((paths.key() == null) ? "certificate" : "key")
					+ " is set without the " + side + " " + ((paths.key() == null) ? "key" : "certificate")
					+ " (" + side + ".key and " + side + ".certificate go together; irmd would silently authenticate"
					+ " with neither): set both or neither");
		}
	}

	private void checkEncryption(String side, String name, @Nullable Path encryption) {
		if (encryption != null && !isDefault(encryption, side, name, "enc.conf")) {
			throw new IllegalArgumentException("Ouroboros 0.23.0 cannot pass the " + side + " encryption file "
					+ encryption + " to irmd (" + side + ".encryption; irm_create_name carries key and certificate"
					+ " paths only): irmd reads " + defaultPath(side, name, "enc.conf")
					+ "; put the file there and set that path, or leave it unset");
		}
	}

	/** The first key or certificate setting that is not irmd's default path, or {@code null}. */
	private @Nullable String firstCustomPath(String name, NameOptions options) {
		String[][] settings = { { "server", "key" }, { "server", "certificate" }, { "client", "key" },
				{ "client", "certificate" } };
		for (String[] setting : settings) {
			SecurityPaths paths = setting[0].equals("server") ? options.server() : options.client();
			Path path = setting[1].equals("key") ? paths.key() : paths.certificate();
			if (path != null && !isDefault(path, setting[0], name, fileOf(setting[1]))) {
				return setting[0] + "." + setting[1] + " other than irmd's " + setting[0] + " " + setting[1];
			}
		}
		return null;
	}

	private Path defaultOf(String custom, String name) {
		String side = custom.substring(0, custom.indexOf('.'));
		String what = custom.substring(custom.indexOf('.') + 1, custom.indexOf(' '));
		return defaultPath(side, name, fileOf(what));
	}

	private static String fileOf(String what) {
		return what.equals("key") ? "key.pem" : "crt.pem";
	}

	private boolean isDefault(Path path, String side, String name, String file) {
		Path expected = defaultPath(side, name, file);
		Path given = path.toAbsolutePath().normalize();
		if (given.equals(expected)) {
			return true;
		}
		try {
			return Files.exists(expected) && Files.isSameFile(given, expected);
		}
		catch (IOException ex) {
			return false;
		}
	}

}
