package rocks.ouroboros.tools.ping;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowException;
import rocks.ouroboros.flow.FlowFlag;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.tools.ToolServer;

/**
 * The server side of {@code oping}: binds the name, accepts flows and answers every echo request
 * with the same bytes, the type changed to {@link PingMessage#ECHO_REPLY}. Each flow has a
 * thread with a reused direct buffer; flows silent for {@value #IDLE_MILLIS} ms are deallocated,
 * as {@code oping}'s cleaner does. With {@code --busy} it serves one flow with a non-blocking
 * read in a busy loop and ends when that flow ends; with {@code --poll} every flow is read that
 * way.
 */
public final class PingServer extends ToolServer<PingServer> {

	/** A flow with no request for this long is deallocated. */
	public static final long IDLE_MILLIS = 10_000;

	private static final Duration READ_SLICE = Duration.ofMillis(100);

	private final PingOptions options;

	private final AtomicLong echoed = new AtomicLong();

	/**
	 * @param ouroboros the process to serve from; the server binds it to the options' name
	 * @param options server options ({@code -l}, {@code -n}, {@code --busy}, {@code --poll},
	 * {@code -Q})
	 * @param out where {@code oping}'s server lines go
	 */
	public PingServer(Ouroboros ouroboros, PingOptions options, PrintStream out) {
		super(ouroboros, options.serverName(), "oping", Integer.MAX_VALUE, out);
		this.options = options;
	}

	@Override
	protected String startedLine() {
		return "Ouroboros ping server started." + (this.options.busy() ? " [busy-poll]" : "");
	}

	@Override
	protected String newFlowLine(Flow flow) {
		return String.format(Locale.ROOT, this.options.busy() ? "New flow %d (busy-poll)." : "New flow %d.", flow.id());
	}

	@Override
	protected boolean serveOnAcceptor(Flow flow) {
		return this.options.busy();
	}

	/** Echo replies written so far. */
	public long echoed() {
		return this.echoed.get();
	}

	@Override
	protected void serve(Flow flow) {
		serve(flow, this.options.busy() || this.options.poll());
	}

	private void serve(Flow flow, boolean spin) {
		ByteBuffer buffer = ByteBuffer.allocateDirect(PingMessage.MAX_SIZE);
		boolean quiet = this.options.quiet();
		if (spin) {
			flow.setFlags(EnumSet.of(FlowFlag.READ_WRITE, FlowFlag.READ_NO_PARTIAL, FlowFlag.READ_NONBLOCK));
		}
		else {
			flow.setFlags(EnumSet.of(FlowFlag.READ_WRITE, FlowFlag.READ_NO_PARTIAL));
			flow.setReadTimeout(READ_SLICE);
		}
		long lastRequest = System.nanoTime();
		while (!stopping()) {
			int n = readSlice(flow, buffer);
			if (n < 0) {
				if (System.nanoTime() - lastRequest > IDLE_MILLIS * 1_000_000L) {
					this.out.printf(Locale.ROOT, "Flow %d timed out.%n", flow.id());
					return;
				}
				if (spin) {
					Thread.onSpinWait();
				}
				continue;
			}
			lastRequest = System.nanoTime();
			if (!quiet) {
				this.out.printf(Locale.ROOT, "Received %d bytes on fd %d.%n", n, flow.id());
			}
			if (n < PingMessage.HEADER_BYTES || PingMessage.type(buffer) != PingMessage.ECHO_REQUEST) {
				this.out.printf(Locale.ROOT, "Invalid message on fd %d.%n", flow.id());
				continue;
			}
			PingMessage.setType(buffer, PingMessage.ECHO_REPLY);
			buffer.flip();
			try {
				flow.write(buffer);
				this.echoed.incrementAndGet();
			}
			catch (FlowException ex) {
				this.out.printf(Locale.ROOT, "Error writing to flow (fd %d).%n", flow.id());
			}
		}
	}

}
