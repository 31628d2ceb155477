package rocks.ouroboros.tools.perf;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

import rocks.ouroboros.flow.BackendKind;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.tools.ToolMain;

/**
 * {@code operf} in Java: {@code JavaPerf -n operf -t bi -f -d 10s} tests, {@code JavaPerf -l}
 * serves. On the embedded backend a client starts a server in the same JVM.
 */
public final class JavaPerf {

	private JavaPerf() {
	}

	public static void main(String[] args) {
		PrintStream out = System.out;
		ToolMain.exit(out, PerfOptions.USAGE, () -> run(out, System.err, args));
	}

	static int run(PrintStream out, PrintStream err, String... args) throws InterruptedException {
		PerfOptions options = PerfOptions.parse(out, args);
		if (options.listen()) {
			return ToolMain.serve(options.backend(), out,
					"Embedded backend: only clients in this JVM can reach this server.",
					(ouroboros) -> new PerfServer(ouroboros, options, out));
		}
		try (Ouroboros ouroboros = options.backend().open()) {
			Ouroboros serverProcess = null;
			PerfServer server = null;
			if (ouroboros.backend() == BackendKind.EMBEDDED) {
				out.println("Embedded backend: serving '" + options.serverName() + "' from this JVM.");
				serverProcess = Ouroboros.embedded();
				server = new PerfServer(serverProcess, new PerfOptions(true, false, options.serverName(), 0, 1, 0,
						false, false, options.backend(), false), new PrintStream(PrintStream.nullOutputStream()))
					.start();
			}
			try {
				PerfClient client = new PerfClient(options, out, err);
				CountDownLatch printed = ToolMain.stopOnSignal(client::stop);
				client.run(ouroboros);
				printed.countDown();
			}
			finally {
				if (server != null) {
					server.close();
					serverProcess.close();
				}
			}
		}
		return 0;
	}

}
