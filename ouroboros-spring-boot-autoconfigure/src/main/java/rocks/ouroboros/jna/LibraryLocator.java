package rocks.ouroboros.jna;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Finds the Ouroboros libraries and headers on disk without loading anything: library file names
 * carry the version ({@code libouroboros-dev.so.0.23.0}), and {@code ouroboros/version.h} holds
 * the version macros. Upstream has no runtime version call.
 */
final class LibraryLocator {

	/** The major.minor this backend is written against. */
	static final String SUPPORTED = "0.23";

	private static final Pattern VERSIONED = Pattern.compile("lib(ouroboros-[a-z]+)\\.so\\.(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

	private static final Pattern MACRO = Pattern.compile("#define\\s+OUROBOROS_VERSION_(MAJOR|MINOR|PATCH)\\s+(\\d+)");

	private static final List<Path> SYSTEM_DIRECTORIES = List.of(Path.of("/usr/local/lib"),
			Path.of("/usr/local/lib64"), Path.of("/usr/lib"), Path.of("/usr/lib64"),
			Path.of("/usr/lib/x86_64-linux-gnu"), Path.of("/usr/lib/aarch64-linux-gnu"), Path.of("/lib"),
			Path.of("/lib64"));

	private LibraryLocator() {
	}

	/**
	 * What was found.
	 * @param dev the dev library to load, or {@code null}
	 * @param irm the irm library to load, or {@code null}
	 * @param common the common library both need, or {@code null}
	 * @param libraryVersion major.minor[.patch] from the dev library's file name, or {@code null}
	 * @param headerVersion major.minor.patch from {@code version.h}, or {@code null} when no header
	 * was found
	 * @param headerFile the {@code version.h} read, or {@code null}
	 * @param searched the directories searched, for messages
	 */
	record Found(@Nullable Path dev, @Nullable Path irm, @Nullable Path common, @Nullable String libraryVersion,
			@Nullable String headerVersion, @Nullable Path headerFile, List<Path> searched) {

		/** The best known full version: the header's when it agrees, else the library's. */
		@Nullable String version() {
			if (this.headerVersion != null && this.libraryVersion != null
					&& this.headerVersion.startsWith(majorMinor(this.libraryVersion))) {
				return this.headerVersion;
			}
			return this.libraryVersion;
		}

	}

	static Found locate(@Nullable Path libraryDirectory) {
		List<Path> directories = directories(libraryDirectory);
		for (Path directory : directories) {
			Path dev = find(directory, "ouroboros-dev");
			if (dev != null) {
				String libraryVersion = versionOf(dev);
				Path header = findHeader(directory);
				String headerVersion = (header != null) ? readHeaderVersion(header) : null;
				return new Found(dev, find(directory, "ouroboros-irm"), find(directory, "ouroboros-common"),
						libraryVersion, headerVersion, header, directories);
			}
		}
		return new Found(null, null, null, null, null, null, directories);
	}

	static List<Path> directories(@Nullable Path libraryDirectory) {
		Set<Path> directories = new LinkedHashSet<>();
		if (libraryDirectory != null) {
			directories.add(libraryDirectory);
		}
		addPathList(directories, System.getProperty("jna.library.path"));
		addPathList(directories, System.getenv("LD_LIBRARY_PATH"));
		directories.addAll(SYSTEM_DIRECTORIES);
		return new ArrayList<>(directories);
	}

	private static void addPathList(Set<Path> directories, @Nullable String list) {
		if (list == null || list.isBlank()) {
			return;
		}
		for (String entry : list.split(java.io.File.pathSeparator)) {
			if (!entry.isBlank()) {
				directories.add(Path.of(entry.trim()));
			}
		}
	}

	/**
	 * The library {@code lib<name>.so.MAJOR.MINOR} in {@code directory}: the supported version
	 * when present, else the newest other version, else the unversioned name if it resolves to a
	 * versioned file.
	 */
	static @Nullable Path find(Path directory, String name) {
		if (!Files.isDirectory(directory)) {
			return null;
		}
		Path supported = directory.resolve("lib" + name + ".so." + SUPPORTED);
		if (Files.isRegularFile(supported)) {
			return supported;
		}
		Path other = null;
		try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "lib" + name + ".so*")) {
			for (Path file : files) {
				Matcher m = VERSIONED.matcher(file.getFileName().toString());
				if (m.matches() && m.group(4) == null && Files.isRegularFile(file)) {
					other = file;
				}
				else if (m.matches() && other == null && Files.isRegularFile(file)) {
					other = file;
				}
			}
		}
		catch (IOException | SecurityException ex) {
			return null;
		}
		if (other != null) {
			return other;
		}
		Path plain = directory.resolve("lib" + name + ".so");
		return Files.isRegularFile(plain) ? plain : null;
	}

	/** The version in the file name of {@code library} or of the file it links to. */
	static @Nullable String versionOf(Path library) {
		String version = versionInName(library.getFileName().toString());
		try {
			Path real = library.toRealPath();
			String realVersion = versionInName(real.getFileName().toString());
			if (realVersion != null && (version == null || realVersion.startsWith(version))) {
				return realVersion;
			}
		}
		catch (IOException | SecurityException ex) {
			// keep the name's version
		}
		return version;
	}

	static @Nullable String versionInName(String fileName) {
		Matcher m = VERSIONED.matcher(fileName);
		if (!m.matches()) {
			return null;
		}
		return m.group(2) + "." + m.group(3) + ((m.group(4) != null) ? "." + m.group(4) : "");
	}

	static String majorMinor(String version) {
		String[] parts = version.split("\\.");
		return (parts.length >= 2) ? parts[0] + "." + parts[1] : version;
	}

	/** {@code ouroboros/version.h} next to the library ({@code ../include}) or in the system include paths. */
	static @Nullable Path findHeader(Path libraryDirectory) {
		List<Path> candidates = new ArrayList<>();
		Path parent = libraryDirectory.toAbsolutePath().getParent();
		if (parent != null) {
			candidates.add(parent.resolve("include/ouroboros/version.h"));
		}
		candidates.add(Path.of("/usr/local/include/ouroboros/version.h"));
		candidates.add(Path.of("/usr/include/ouroboros/version.h"));
		for (Path candidate : candidates) {
			if (Files.isReadable(candidate)) {
				return candidate;
			}
		}
		return null;
	}

	static @Nullable String readHeaderVersion(Path header) {
		try {
			String text = Files.readString(header);
			String major = null;
			String minor = null;
			String patch = "0";
			Matcher m = MACRO.matcher(text);
			while (m.find()) {
				switch (m.group(1)) {
					case "MAJOR" -> major = m.group(2);
					case "MINOR" -> minor = m.group(2);
					default -> patch = m.group(2);
				}
			}
			return (major != null && minor != null) ? major + "." + minor + "." + patch : null;
		}
		catch (IOException | SecurityException ex) {
			return null;
		}
	}

}
