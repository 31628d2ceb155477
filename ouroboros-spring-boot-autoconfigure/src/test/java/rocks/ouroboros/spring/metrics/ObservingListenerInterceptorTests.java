package rocks.ouroboros.spring.metrics;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import rocks.ouroboros.embedded.EmbeddedLayer;
import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.QosSpec;
import rocks.ouroboros.spring.listener.ListenerInvocation;
import rocks.ouroboros.spring.listener.ListenerMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ObservingListenerInterceptorTests {

	private final MeterRegistry meters = new SimpleMeterRegistry();

	private final SimpleTracer tracer = new SimpleTracer();

	private final ObservationRegistry observations = ObservationRegistry.create();

	private EmbeddedLayer layer;

	private Flow flow;

	@BeforeEach
	void observe() {
		this.observations.observationConfig()
			.observationHandler(new DefaultMeterObservationHandler(this.meters))
			.observationHandler(new DefaultTracingObservationHandler(this.tracer));
		this.layer = EmbeddedLayer.create();
		Ouroboros server = this.layer.newProcess();
		Ouroboros client = this.layer.newProcess();
		server.bind("echo");
		CompletableFuture<Flow> accepted = CompletableFuture.supplyAsync(() -> server.accept(Duration.ofSeconds(10)));
		client.alloc("echo", QosSpec.RAW, Duration.ofSeconds(10));
		this.flow = accepted.join();
	}

	@AfterEach
	void closeLayer() {
		this.layer.close();
	}

	@Test
	void eachListenerCallIsTimedByIdNameAndMode() throws Exception {
		ObservingListenerInterceptor interceptor = new ObservingListenerInterceptor(this.observations, null);
		Object reply = interceptor.intercept(packet(new byte[42]), () -> "pong");
		interceptor.intercept(packet(new byte[1]), () -> null);
		assertThat(reply).isEqualTo("pong");
		Timer timer = this.meters.get("ouroboros.listener")
			.tags("ouroboros.listener.id", "echo-listener", "ouroboros.name", "echo", "ouroboros.listener.mode", "packet",
					"error", "none")
			.timer();
		assertThat(timer.count()).isEqualTo(2);
		assertThat(this.meters.find("ouroboros.listener").tagKeys("ouroboros.flow.id").timer()).isNull();
	}

	@Test
	void eachListenerCallIsASpanWithTheFlowAndPacketSize() throws Exception {
		new ObservingListenerInterceptor(this.observations, null).intercept(packet(new byte[42]), () -> null);
		SimpleSpan span = this.tracer.onlySpan();
		assertThat(span.getName()).isEqualTo("echo receive");
		assertThat(span.getTags()).containsEntry("ouroboros.listener.id", "echo-listener")
			.containsEntry("ouroboros.flow.id", Integer.toString(this.flow.id()))
			.containsEntry("ouroboros.payload.size", "42");
	}

	@Test
	void aListenerThatThrowsIsTimedWithTheErrorAndTheExceptionPassesThrough() {
		ObservingListenerInterceptor interceptor = new ObservingListenerInterceptor(this.observations, null);
		assertThatIllegalStateException().isThrownBy(() -> interceptor.intercept(flowCall(), () -> {
			throw new IllegalStateException("handler failed");
		})).withMessage("handler failed");
		assertThat(this.meters.get("ouroboros.listener")
			.tags("ouroboros.listener.mode", "flow", "error", "IllegalStateException")
			.timer()
			.count()).isEqualTo(1);
		assertThat(this.tracer.onlySpan().getError()).isInstanceOf(IllegalStateException.class);
	}

	@Test
	void aUserConventionReplacesTheDefaultOne() throws Exception {
		OuroborosListenerObservationConvention custom = new DefaultOuroborosListenerObservationConvention() {

			@Override
			public String getName() {
				return "echo.calls";
			}

			@Override
			public KeyValues getLowCardinalityKeyValues(OuroborosListenerObservationContext context) {
				return super.getLowCardinalityKeyValues(context).and("team", "blue");
			}

		};
		new ObservingListenerInterceptor(this.observations, custom).intercept(flowCall(), () -> null);
		assertThat(this.meters.get("echo.calls").tag("team", "blue").timer().count()).isEqualTo(1);
		assertThat(this.meters.find("ouroboros.listener").timer()).isNull();
	}

	private ListenerInvocation packet(byte[] payload) {
		return new ListenerInvocation("echo-listener", "echo", ListenerMode.PACKET, this.flow, payload);
	}

	private ListenerInvocation flowCall() {
		return new ListenerInvocation("echo-listener", "echo", ListenerMode.FLOW, this.flow, null);
	}

}
