package rocks.ouroboros.tools.ping;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

import rocks.ouroboros.flow.BackendKind;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.tools.ToolMain;

/**
 * {@code oping} in Java: {@code JavaPing -n oping -c 10} pings, {@code JavaPing -l} serves.
 * Speaks {@code oping}'s wire format, so either end may be the C tool. On the embedded backend a
 * client starts a server for its name in the same JVM, since no other process can reach it.
 */
public final class JavaPing {

	private JavaPing() {
	}

	public static void main(String[] args) {
		PrintStream out = System.out;
		ToolMain.exit(out, PingOptions.USAGE, () -> run(out, System.err, args));
	}

	static int run(PrintStream out, PrintStream err, String... args) throws InterruptedException {
		PingOptions options = PingOptions.parse(out, args);
		if (options.listen()) {
			return serve(options, out);
		}
		try (Ouroboros ouroboros = options.backend().open()) {
			PingServer local = null;
			Ouroboros localProcess = null;
			if (ouroboros.backend() == BackendKind.EMBEDDED) {
				out.println("Embedded backend: serving '" + options.serverName() + "' from this JVM.");
				localProcess = Ouroboros.embedded();
				local = new PingServer(localProcess, serverOptions(options), new PrintStream(PrintStream.nullOutputStream()))
					.start();
			}
			try {
				PingClient client = new PingClient(options, out, err);
				CountDownLatch printed = ToolMain.stopOnSignal(client::stop);
				PingResult result = client.run(ouroboros);
				result.print(out);
				out.flush();
				printed.countDown();
				return 0;
			}
			finally {
				if (local != null) {
					local.close();
					localProcess.close();
				}
			}
		}
	}

	private static int serve(PingOptions options, PrintStream out) throws InterruptedException {
		return ToolMain.serve(options.backend(), out, "Embedded backend: only clients in this JVM can reach this server.",
				(ouroboros) -> new PingServer(ouroboros, options, out));
	}

	private static PingOptions serverOptions(PingOptions client) {
		return new PingOptions(true, false, client.floodBusy(), client.serverName(), client.count(), 0,
				PingMessage.MAX_SIZE, false, false, client.qos(), true, false, client.backend(), false);
	}

}
