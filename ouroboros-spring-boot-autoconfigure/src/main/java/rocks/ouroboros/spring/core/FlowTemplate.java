package rocks.ouroboros.spring.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowException;
import rocks.ouroboros.flow.MessageTooLargeException;

/**
 * Short conversations over flows from a {@link FlowFactory}: send one packet, ask one request and
 * read one reply, or run a {@link FlowCallback}. Each call allocates its own flow and deallocates
 * it before returning, also when it fails. Thread-safe: calls share nothing but the factory.
 * <p>
 * Replies are read with a buffer of {@link #getMaxReplyBytes()} + 1 bytes (64 KiB unless given):
 * as upstream, a longer packet would be cut, so a reply longer than that fails with a
 * {@link MessageTooLargeException} rather than arrive cut.
 */
public class FlowTemplate {

	/** The longest reply read by default, in bytes. */
	public static final int DEFAULT_MAX_REPLY_BYTES = 64 * 1024;

	private final FlowFactory flowFactory;

	private final int maxReplyBytes;

	/** A template reading replies of up to {@value #DEFAULT_MAX_REPLY_BYTES} bytes. */
	public FlowTemplate(FlowFactory flowFactory) {
		this(flowFactory, DEFAULT_MAX_REPLY_BYTES);
	}

	/**
	 * @param flowFactory where the flows come from
	 * @param maxReplyBytes the longest reply expected, in bytes (up to the largest packet a layer carries)
	 */
	public FlowTemplate(FlowFactory flowFactory, int maxReplyBytes) {
		this.flowFactory = Objects.requireNonNull(flowFactory, "flowFactory");
		if (maxReplyBytes < 1 || maxReplyBytes > (1 << 24)) {
			throw new IllegalArgumentException("maxReplyBytes must be 1.." + (1 << 24) + ", was " + maxReplyBytes);
		}
		this.maxReplyBytes = maxReplyBytes;
	}

	/** The longest reply read, in bytes. */
	public int getMaxReplyBytes() {
		return this.maxReplyBytes;
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
	 * @throws MessageTooLargeException when the reply is longer than {@link #getMaxReplyBytes()}
	 */
	public byte[] request(byte[] packet) {
		Objects.requireNonNull(packet, "packet");
		return execute((flow) -> {
			flow.write(packet);
			return readPacket(flow, this.maxReplyBytes);
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
	 * Reads one whole packet of at most {@code maxBytes} bytes from a blocking flow.
	 * @throws MessageTooLargeException when the packet is longer (its rest is lost)
	 * @throws FlowException when the flow is non-blocking and no packet waits
	 */
	public static byte[] readPacket(Flow flow, int maxBytes) {
		byte[] buffer = new byte[maxBytes + 1];
		int n = flow.read(buffer);
		if (n < 0) {
			throw new FlowException("flow " + flow.id() + " to '" + flow.name()
					+ "' is non-blocking and no packet waits: read whole packets from blocking flows");
		}
		if (n > maxBytes) {
			throw new MessageTooLargeException("flow " + flow.id() + " to '" + flow.name() + "': a reply longer than "
					+ maxBytes + " bytes arrived and was cut; give the FlowTemplate a larger maxReplyBytes", n, maxBytes);
		}
		return Arrays.copyOf(buffer, n);
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
