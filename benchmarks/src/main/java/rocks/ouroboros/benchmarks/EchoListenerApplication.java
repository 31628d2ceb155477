package rocks.ouroboros.benchmarks;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import rocks.ouroboros.embedded.EmbeddedLayer;
import rocks.ouroboros.spring.autoconfigure.OuroborosAutoConfiguration;
import rocks.ouroboros.spring.autoconfigure.OuroborosListenerAutoConfiguration;
import rocks.ouroboros.spring.listener.OuroborosListener;

/**
 * A Spring application whose one {@code @OuroborosListener} echoes every packet on
 * {@value #NAME}, on the embedded backend over a layer the benchmark passes in, so that the
 * benchmark's clients share it.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({ OuroborosAutoConfiguration.class, OuroborosListenerAutoConfiguration.class })
public class EchoListenerApplication {

	/** The name the listener serves. */
	public static final String NAME = "bench-echo";

	private static final ThreadLocal<EmbeddedLayer> starting = new ThreadLocal<>();

	/** Starts the application on {@code layer}; extra {@code key=value} properties may be given. */
	public static ConfigurableApplicationContext start(EmbeddedLayer layer, String... properties) {
		starting.set(layer);
		try {
			String[] all = new String[properties.length + 2];
			all[0] = "ouroboros.backend=embedded";
			all[1] = "spring.main.banner-mode=off";
			System.arraycopy(properties, 0, all, 2, properties.length);
			return new SpringApplicationBuilder(EchoListenerApplication.class).web(WebApplicationType.NONE)
				.logStartupInfo(false)
				.properties(all)
				.run();
		}
		finally {
			starting.remove();
		}
	}

	@Bean(destroyMethod = "")
	EmbeddedLayer benchmarkLayer() {
		EmbeddedLayer layer = starting.get();
		if (layer == null) {
			throw new IllegalStateException("start the application with EchoListenerApplication.start(layer)");
		}
		return layer;
	}

	@Bean
	Echo echo() {
		return new Echo();
	}

	/** The listener: each packet back unchanged, counted. */
	public static class Echo {

		private final AtomicLong echoed = new AtomicLong();

		@OuroborosListener(id = "bench-echo", name = NAME)
		public byte[] echo(byte[] packet) {
			this.echoed.incrementAndGet();
			return packet;
		}

		/** Packets echoed so far. */
		public long echoed() {
			return this.echoed.get();
		}

	}

}
