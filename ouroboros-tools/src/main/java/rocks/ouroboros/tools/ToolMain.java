package rocks.ouroboros.tools;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import rocks.ouroboros.flow.BackendKind;
import rocks.ouroboros.flow.FlowException;
import rocks.ouroboros.flow.Ouroboros;

/**
 * What the tools' {@code main} methods share: exit codes, error printing, Ctrl-C handling and
 * the server mode.
 */
public final class ToolMain {

	/** Exit status of a run that failed. */
	public static final int FAILURE = 1;

	/** Exit status of a wrong command line. */
	public static final int USAGE = 2;

	private ToolMain() {
	}

	/** A tool body that returns its exit status. */
	@FunctionalInterface
	public interface Body {

		int run() throws Exception;

	}

	/**
	 * Runs a tool body and exits with its status, turning usage errors and flow failures into one
	 * clear line (and the usage text for the former) instead of a stack trace.
	 */
	public static void exit(PrintStream out, String usage, Body body) {
		System.exit(run(out, usage, body));
	}

	/** As {@link #exit}, without exiting: returns the status. */
	public static int run(PrintStream out, String usage, Body body) {
		try {
			return body.run();
		}
		catch (HelpRequested ex) {
			out.print(usage);
			return 0;
		}
		catch (UsageException ex) {
			out.println("Error: " + ex.getMessage() + ".");
			out.println();
			out.print(usage);
			return USAGE;
		}
		catch (FlowException ex) {
			out.println("Error: " + ex.getMessage());
			return FAILURE;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return FAILURE;
		}
		catch (Exception ex) {
			out.println("Error: " + ex);
			return FAILURE;
		}
	}

	/**
	 * Runs a tool's server mode: opens {@code backend}, prints {@code embeddedNote} when that is
	 * the embedded one (only this JVM can reach the server then), starts the server and serves
	 * until it ends or Ctrl-C closes it.
	 * @return the exit status, 0
	 */
	public static int serve(BackendChoice backend, PrintStream out, String embeddedNote,
			Function<Ouroboros, ? extends ToolServer<?>> server) throws InterruptedException {
		try (Ouroboros ouroboros = backend.open()) {
			if (ouroboros.backend() == BackendKind.EMBEDDED) {
				out.println(embeddedNote);
			}
			try (ToolServer<?> started = server.apply(ouroboros).start()) {
				CountDownLatch stopped = stopOnSignal(started::close);
				started.awaitTermination();
				stopped.countDown();
			}
		}
		return 0;
	}

	/**
	 * Calls {@code stop} on Ctrl-C or SIGTERM and lets the run finish (up to 5 s) so that it can
	 * print its statistics, as the C tools do; call {@link CountDownLatch#countDown()} on the
	 * returned latch when the run has printed them.
	 */
	public static CountDownLatch stopOnSignal(Runnable stop) {
		CountDownLatch done = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			stop.run();
			try {
				done.await(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "tool-shutdown"));
		return done;
	}

}
