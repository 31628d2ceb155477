package rocks.ouroboros.tools.cbr;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

import rocks.ouroboros.flow.BackendKind;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.tools.ToolMain;

/**
 * {@code ocbr} in Java: {@code JavaCbr -n ocbr -f -s 1400 -d 10} sends, {@code JavaCbr -l}
 * receives. On the embedded backend a sender starts a receiver in the same JVM.
 */
public final class JavaCbr {

	private JavaCbr() {
	}

	public static void main(String[] args) {
		PrintStream out = System.out;
		ToolMain.exit(out, CbrOptions.USAGE, () -> run(out, System.err, args));
	}

	static int run(PrintStream out, PrintStream err, String... args) throws InterruptedException {
		CbrOptions options = CbrOptions.parse(args);
		if (options.listen()) {
			return ToolMain.serve(options.backend(), out,
					"Embedded backend: only senders in this JVM can reach this receiver.",
					(ouroboros) -> new CbrServer(ouroboros, options, out));
		}
		try (Ouroboros ouroboros = options.backend().open()) {
			Ouroboros receiverProcess = null;
			CbrServer receiver = null;
			if (ouroboros.backend() == BackendKind.EMBEDDED) {
				out.println("Embedded backend: receiving for '" + options.serverName() + "' in this JVM.");
				receiverProcess = Ouroboros.embedded();
				CbrOptions serverOptions = new CbrOptions(true, options.durationSeconds() + 1, 2,
						options.serverName(), 0, 0, 1, false, true, options.backend(), false);
				receiver = new CbrServer(receiverProcess, serverOptions, new PrintStream(PrintStream.nullOutputStream()))
					.start();
			}
			try {
				CbrClient client = new CbrClient(options, out, err);
				CountDownLatch printed = ToolMain.stopOnSignal(client::stop);
				client.run(ouroboros);
				printed.countDown();
			}
			finally {
				if (receiver != null) {
					receiver.close();
					receiverProcess.close();
					out.printf("receiver: %d packets, %d bytes%n", receiver.packets(), receiver.bytes());
				}
			}
		}
		return 0;
	}

}
