package rocks.ouroboros.jna;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowTimeoutException;
import rocks.ouroboros.flow.NameOptions;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.QosSpec;

/**
 * The other Ouroboros process of the native tests, in its own JVM (upstream cannot give a
 * process a flow to itself). It reads one command a line from standard input and answers one
 * line on standard output: {@code ok ...} or {@code error <exception> <message>}.
 * <ul>
 * <li>{@code bind <name>}: bind to the name, creating it and registering it in {@code local}</li>
 * <li>{@code accept}: accept one flow</li>
 * <li>{@code alloc <name> [peer-timeout-ms]}: allocate a flow</li>
 * <li>{@code write <text>}, {@code writesize <bytes>}: write one packet</li>
 * <li>{@code read}: read one packet (10 s timeout) and answer {@code ok <text>}</li>
 * <li>{@code echo}: echo packets until reading fails, answer {@code ok <count> <exception>}</li>
 * <li>{@code drain}: read packets until none comes for 2 s, answer {@code ok <count>}</li>
 * <li>{@code dealloc}: close the flow; {@code exit}: close everything and exit</li>
 * <li>{@code open <name> <count> [raw|data|raw-no-timeout]}: allocate {@code count} more flows to {@code name}, one
 * after another (irmd 0.23.0 mixes up allocations to one name that arrive at the same moment), and
 * answer {@code ok <open flows>}</li>
 * <li>{@code load <rounds> <threads> <window>}: request/replies on every open flow at once; see
 * {@link TaggedRequests#load}</li>
 * <li>{@code ask <threads>}: one request at a time on every open flow until each goes down; see
 * {@link TaggedRequests#askUntilDown}</li>
 * <li>{@code closeall}: close the open flows</li>
 * <li>{@code echoserver <name>}: bind to the name and, in the background, accept every flow and echo
 * its packets unchanged until it goes down</li>
 * </ul>
 */
public final class PeerMain {

	private PeerMain() {
	}

	public static void main(String[] args) throws Exception {
		BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		Flow flow = null;
		List<Flow> many = new ArrayList<>();
		try (Ouroboros ouroboros = NativeBackend.open(NativeSettings.defaults())) {
			System.out.println("ready " + LibC.getpid());
			String line;
			while ((line = in.readLine()) != null) {
				String[] words = line.split(" ", 2);
				String argument = (words.length > 1) ? words[1] : "";
				try {
					switch (words[0]) {
						case "bind" -> {
							ouroboros.bind(argument, NameOptions.createIn("local"));
							answer("ok");
						}
						case "accept" -> {
							if (flow != null) {
								flow.close();
							}
							flow = ouroboros.accept(Duration.ofSeconds(20));
							answer("ok");
						}
						case "alloc" -> {
							String[] parts = argument.split(" ");
							QosSpec qos = (parts.length > 1)
									? QosSpec.RAW.toBuilder().timeoutMillis(Long.parseLong(parts[1])).build() : QosSpec.RAW;
							if (flow != null) {
								flow.close();
							}
							flow = ouroboros.alloc(parts[0], qos, Duration.ofSeconds(10));
							answer("ok");
						}
						case "join" -> {
							if (flow != null) {
								flow.close();
							}
							flow = ouroboros.join(argument, Duration.ofSeconds(10));
							answer("ok");
						}
						case "write" -> {
							flow.write(argument.getBytes(StandardCharsets.UTF_8));
							answer("ok");
						}
						case "writesize" -> {
							byte[] packet = new byte[Integer.parseInt(argument)];
							Arrays.fill(packet, (byte) 'x');
							flow.write(packet);
							answer("ok");
						}
						case "read" -> {
							flow.setReadTimeout(Duration.ofSeconds(10));
							answer("ok " + flow.readLine(1 << 20));
						}
						case "echo" -> {
							byte[] buffer = new byte[1 << 20];
							int count = 0;
							try {
								while (true) {
									int n = flow.read(buffer);
									flow.write(buffer, 0, n);
									count++;
								}
							}
							catch (RuntimeException ex) {
								answer("ok " + count + " " + ex.getClass().getSimpleName());
							}
						}
						case "drain" -> {
							byte[] buffer = new byte[1 << 20];
							flow.setReadTimeout(Duration.ofSeconds(2));
							int count = 0;
							try {
								while (true) {
									flow.read(buffer);
									count++;
								}
							}
							catch (FlowTimeoutException ex) {
								answer("ok " + count);
							}
						}
						case "dealloc" -> {
							flow.close();
							answer("ok");
						}
						case "open" -> {
							String[] parts = argument.split(" ");
							String kind = (parts.length > 2) ? parts[2] : "raw";
							QosSpec qos = switch (kind) {
								case "data" -> QosSpec.DATA;
								// no peer timeout, so no keepalives (see docs/native.md: upstream's keepalive thread)
								case "raw-no-timeout" -> QosSpec.RAW.toBuilder().timeoutMillis(0).build();
								default -> QosSpec.RAW;
							};
							int count = Integer.parseInt(parts[1]);
							for (int i = 0; i < count; i++) {
								Flow opened = ouroboros.alloc(parts[0], qos, Duration.ofSeconds(10));
								opened.setReadTimeout(Duration.ofSeconds(10));
								many.add(opened);
							}
							answer("ok " + many.size());
						}
						case "load" -> {
							String[] parts = argument.split(" ");
							answer("ok " + TaggedRequests.load(many, Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
									Integer.parseInt(parts[2])));
						}
						case "ask" -> answer("ok " + TaggedRequests.askUntilDown(many, Integer.parseInt(argument)));
						case "echoserver" -> {
							ouroboros.bind(argument, NameOptions.createIn("local"));
							Thread acceptor = new Thread(() -> echoEveryFlow(ouroboros), "peer-echo-accept");
							acceptor.setDaemon(true);
							acceptor.start();
							answer("ok");
						}
						case "closeall" -> {
							many.forEach(Flow::close);
							many.clear();
							answer("ok");
						}
						case "exit" -> {
							answer("ok");
							return;
						}
						default -> answer("error IllegalArgumentException unknown command " + words[0]);
					}
				}
				catch (RuntimeException | java.util.concurrent.ExecutionException ex) {
					Throwable cause = (ex.getCause() != null && !(ex instanceof RuntimeException)) ? ex.getCause() : ex;
					answer("error " + cause.getClass().getSimpleName() + " " + cause.getMessage());
				}
			}
		}
	}

	/** Accepts flows until the instance closes, each echoed by a thread of its own. */
	private static void echoEveryFlow(Ouroboros ouroboros) {
		while (!ouroboros.isClosed()) {
			Flow accepted;
			try {
				accepted = ouroboros.accept(Duration.ofSeconds(1));
			}
			catch (FlowTimeoutException ex) {
				continue;
			}
			catch (RuntimeException ex) {
				return;
			}
			Thread echo = new Thread(() -> echo(accepted), "peer-echo-" + accepted.id());
			echo.setDaemon(true);
			echo.start();
		}
	}

	private static void echo(Flow flow) {
		byte[] buffer = new byte[1 << 20];
		flow.setReadTimeout(Duration.ofSeconds(1));
		try {
			while (true) {
				int n;
				try {
					n = flow.read(buffer);
				}
				catch (FlowTimeoutException ex) {
					continue;
				}
				if (n > 0) {
					flow.write(buffer, 0, n);
				}
			}
		}
		catch (RuntimeException ex) {
			// the client deallocated: done
		}
		finally {
			flow.close();
		}
	}

	private static void answer(String line) {
		System.out.println(line.replace('\n', ' '));
		System.out.flush();
	}

}
