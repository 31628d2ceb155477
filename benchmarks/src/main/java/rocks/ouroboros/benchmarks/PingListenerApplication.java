package rocks.ouroboros.benchmarks;

import java.util.concurrent.CountDownLatch;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import rocks.ouroboros.spring.autoconfigure.OuroborosAutoConfiguration;
import rocks.ouroboros.spring.autoconfigure.OuroborosListenerAutoConfiguration;
import rocks.ouroboros.spring.listener.OuroborosListener;

/**
 * An {@code oping} server made of one {@code @OuroborosListener}: each echo request comes back
 * as an echo reply (the type word set to 1, the rest unchanged), so that upstream's C
 * {@code oping} clients can measure the listener container on the native backend
 * ({@code benchmarks/run-native.sh}). Runs until killed:
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar rocks.ouroboros.benchmarks.PingListenerApplication --ping.name=NAME
 * </pre>
 * The name must be registered in a layer; the container binds it.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({ OuroborosAutoConfiguration.class, OuroborosListenerAutoConfiguration.class })
public class PingListenerApplication {

	/** {@code sizeof(struct oping_msg)}: type, id, tv_sec, tv_nsec. */
	static final int HEADER_BYTES = 24;

	public static void main(String[] args) throws InterruptedException {
		new SpringApplicationBuilder(PingListenerApplication.class).web(WebApplicationType.NONE)
			.properties("ouroboros.backend=native", "spring.main.banner-mode=off")
			.run(args);
		System.out.println("Ouroboros ping listener started.");
		new CountDownLatch(1).await();
	}

	@Bean
	Pong pong() {
		return new Pong();
	}

	/** The listener. */
	public static class Pong {

		/** The echo reply to an echo request; nothing for anything else, as {@code oping -l}. */
		@OuroborosListener(id = "ping", name = "${ping.name}")
		public byte @Nullable [] reply(byte[] packet) {
			if (packet.length < HEADER_BYTES || packet[0] != 0 || packet[1] != 0 || packet[2] != 0 || packet[3] != 0) {
				return null;
			}
			packet[3] = 1; // ECHO_REPLY, a u32 in network byte order
			return packet;
		}

	}

}
