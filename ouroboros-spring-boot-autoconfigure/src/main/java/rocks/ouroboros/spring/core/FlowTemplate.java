package rocks.ouroboros.spring.core;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowException;

/**
 * Short conversations over flows from a {@link FlowFactory}: send one packet, ask one request and
 * read one reply, or run a {@link FlowCallback}. Each call allocates its own flow and deallocates
 * it before returning, also when it fails. Thread-safe: calls share nothing but the factory.
 * <p>
 * Replies of any size are read in parts of {@value #READ_CHUNK_BYTES} bytes, following the
 * flow API's partial-read contract (a read that exactly fills the buffer is followed by one that
 * returns 0 at the packet's end).
 */
public class FlowTemplate {

	/** The buffer size replies are read with, in bytes. */
	public static final int READ_CHUNK_BYTES = 16 * 1024;

	private final FlowFactory flowFactory;

	public FlowTemplate(FlowFactory flowFactory) {
		this.flowFactory = Objects.requireNonNull(flowFactory, "flowFactory");
	}

	/** The factory the flows come from. */
	public FlowFactory getFlowFactory() {
		return this.flowFactory;
	}

	/**
	 * Allocates a flow, runs {@code callback} on it and deallocates it, whatever happens.
	 * Unchecked exceptions of the callback pass through; checked ones are wrapped in a
	 * {@link FlowException}.
	 */
	public <T extends @Nullable Object> T execute(FlowCallback<T> callback) {
		Objects.requireNonNull(callback, "callback");
		try (Flow flow = this.flowFactory.allocate()) {
			return callback.doInFlow(flow);
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new FlowException("FlowCallback on a flow to '" + this.flowFactory.destination() + "' failed: " + ex,
					ex);
		}
	}

	/** Sends {@code packet} as one packet on a new flow, then deallocates it. */
	public void send(byte[] packet) {
		Objects.requireNonNull(packet, "packet");
		execute((flow) -> flow.write(packet));
	}

	/** Sends {@code line} as one packet of UTF-8 text on a new flow, then deallocates it. */
	public void sendLine(String line) {
		Objects.requireNonNull(line, "line");
		execute((flow) -> flow.writeLine(line));
	}

	/**
	 * Sends {@code packet} on a new flow and returns the one packet that comes back.
	 * @throws rocks.ouroboros.flow.FlowTimeoutException when no reply came within the read timeout
	 * @throws rocks.ouroboros.flow.FlowDownException when the server deallocated without replying
	 */
	public byte[] request(byte[] packet) {
		Objects.requireNonNull(packet, "packet");
		return execute((flow) -> {
			flow.write(packet);
			return readPacket(flow);
		});
	}

	/**
	 * Sends {@code line} as one packet of UTF-8 text on a new flow and returns the reply as text;
	 * trailing NUL bytes (C tools send them) and one trailing line break are removed.
	 */
	public String requestLine(String line) {
		Objects.requireNonNull(line, "line");
		return toLine(request(line.getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * Reads one whole packet of any size from a blocking flow.
	 * @throws FlowException when the flow is non-blocking and no packet waits
	 */
	public static byte[] readPacket(Flow flow) {
		byte[] chunk = new byte[READ_CHUNK_BYTES];
		int n = flow.read(chunk);
		if (n < 0) {
			throw new FlowException("flow " + flow.id() + " to '" + flow.name()
					+ "' is non-blocking and no packet waits: read whole packets from blocking flows");
		}
		if (n < chunk.length) {
			return Arrays.copyOf(chunk, n);
		}
		ByteArrayOutputStream packet = new ByteArrayOutputStream(2 * chunk.length);
		while (n > 0) {
			packet.write(chunk, 0, n);
			if (n < chunk.length) {
				break;
			}
			n = flow.read(chunk);
		}
		return packet.toByteArray();
	}

	/** Text of a packet: UTF-8, trailing NULs and one trailing line break removed. */
	public static String toLine(byte[] packet) {
		int end = packet.length;
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

}
