package rocks.ouroboros.jna;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import rocks.ouroboros.flow.Flow;
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
 * <li>{@code dealloc}: close the flow; {@code exit}: close everything and exit</li>
 * </ul>
 */
public final class PeerMain {

	private PeerMain() {
	}

	public static void main(String[] args) throws Exception {
		BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		Flow flow = null;
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
						case "dealloc" -> {
							flow.close();
							answer("ok");
						}
						case "exit" -> {
							answer("ok");
							return;
						}
						default -> answer("error IllegalArgumentException unknown command " + words[0]);
					}
				}
				catch (RuntimeException ex) {
					answer("error " + ex.getClass().getSimpleName() + " " + ex.getMessage());
				}
			}
		}
	}

	private static void answer(String line) {
		System.out.println(line.replace('\n', ' '));
		System.out.flush();
	}

}
