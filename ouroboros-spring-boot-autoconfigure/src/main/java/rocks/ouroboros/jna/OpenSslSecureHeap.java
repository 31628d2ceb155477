package rocks.ouroboros.jna;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.jna.NativeLibrary;

import org.jspecify.annotations.Nullable;

/**
 * Undoes what the dev library's init leaves in OpenSSL. Its init calls
 * {@code CRYPTO_secure_malloc_init}, its fini never calls {@code CRYPTO_secure_malloc_done}, and
 * {@code libcrypto} stays mapped after the dev library is unloaded (OpenSSL pins itself), so a
 * second init finds the secure heap made and exits the process ("FATAL: Could not init secure
 * malloc", seen). Ending the secure heap between the loads is OpenSSL's own call, which refuses
 * while anything is allocated in it.
 */
final class OpenSslSecureHeap {

	private OpenSslSecureHeap() {
	}

	/** Ends OpenSSL's secure heap if it is made and empty: {@code null}, or why it cannot be. */
	static @Nullable String reset() {
		String path = mappedLibcrypto();
		if (path == null) {
			return null; // no OpenSSL in the process: nothing to undo
		}
		NativeLibrary crypto = NativeLibrary.getInstance(path);
		if (crypto.getFunction("CRYPTO_secure_malloc_initialized").invokeInt(new Object[0]) == 0) {
			return null;
		}
		long used = crypto.getFunction("CRYPTO_secure_used").invokeLong(new Object[0]);
		if (used != 0) {
			return "OpenSSL's secure heap still holds " + used + " bytes, so it cannot be ended, and the dev library's"
					+ " init would exit the process when it finds it made";
		}
		if (crypto.getFunction("CRYPTO_secure_malloc_done").invokeInt(new Object[0]) != 1) {
			return "OpenSSL refused to end its secure heap (CRYPTO_secure_malloc_done), and the dev library's init"
					+ " would exit the process when it finds it made";
		}
		return null;
	}

	private static @Nullable String mappedLibcrypto() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
				int slash = line.indexOf('/');
				if (slash >= 0 && line.substring(line.lastIndexOf('/') + 1).startsWith("libcrypto.so")) {
					return line.substring(slash);
				}
			}
			return null;
		}
		catch (IOException ex) {
			return null;
		}
	}

}
