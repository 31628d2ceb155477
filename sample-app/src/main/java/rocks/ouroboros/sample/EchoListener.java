package rocks.ouroboros.sample;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import rocks.ouroboros.spring.listener.OuroborosListener;

/** The echo server: every packet goes back unchanged, as {@code oecho -l} answers. */
@Component
public class EchoListener {

	private static final Logger logger = LoggerFactory.getLogger(EchoListener.class);

	private final AtomicLong echoed = new AtomicLong();

	@OuroborosListener(id = "echo", name = "${sample.name:oecho}", autoStartup = "${sample.server:true}")
	public byte[] echo(byte[] packet) {
		this.echoed.incrementAndGet();
		logger.info("Echo server got {} bytes: {}", packet.length, printable(packet));
		return packet;
	}

	/** Packets echoed so far. */
	public long echoed() {
		return this.echoed.get();
	}

	private static String printable(byte[] packet) {
		int end = packet.length;
		while (end > 0 && packet[end - 1] == 0) {
			end--;
		}
		return new String(packet, 0, end, StandardCharsets.UTF_8);
	}

}
