package rocks.ouroboros.flow;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Text in packets, as the flow API reads it: UTF-8, with the trailing NUL bytes that C tools such
 * as {@code oecho} send and one trailing line break removed.
 */
public final class Lines {

	private Lines() {
	}

	/** The text of the first {@code length} bytes of a packet. */
	public static String decode(byte[] packet, int length) {
		Objects.requireNonNull(packet, "packet");
		Objects.checkFromIndexSize(0, length, packet.length);
		int end = length;
		while (end > 0 && packet[end - 1] == 0) {
			end--;
		}
		if (end > 0 && packet[end - 1] == '\n') {
			end--;
			if (end > 0 && packet[end - 1] == '\r') {
				end--;
			}
		}
		return new String(packet, 0, end, StandardCharsets.UTF_8);
	}

	/** The text of a packet. */
	public static String decode(byte[] packet) {
		return decode(packet, packet.length);
	}

}
