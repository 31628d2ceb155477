package rocks.ouroboros.spring.metrics;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import rocks.ouroboros.flow.Ouroboros;

/**
 * Binds the flow meters of one {@link Ouroboros} instance to meter registries: open flows, queue
 * lengths, flows allocated, accepted and failed, and packets and bytes read and written. The meter
 * names and tags are those of {@link FlowMeterNames}; {@code docs/metrics.md} describes each.
 * <p>
 * Binding registers a {@link rocks.ouroboros.flow.FlowObserver} on the instance, which is told of
 * the flows open at that moment (counted as allocated or accepted then) and of every later one.
 * Binding the same registry twice does nothing.
 */
public class OuroborosFlowMetrics implements MeterBinder {

	private final Ouroboros ouroboros;

	private final QosProfileNames qosNames;

	private final Set<MeterRegistry> bound = Collections.newSetFromMap(new IdentityHashMap<>());

	private final ReentrantLock lock = new ReentrantLock();

	/**
	 * @param ouroboros the instance whose flows to measure
	 * @param qosNames how to name a flow's QoS in the {@code qos} tag
	 */
	public OuroborosFlowMetrics(Ouroboros ouroboros, QosProfileNames qosNames) {
		this.ouroboros = Objects.requireNonNull(ouroboros, "ouroboros");
		this.qosNames = Objects.requireNonNull(qosNames, "qosNames");
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Objects.requireNonNull(registry, "registry");
		this.lock.lock();
		try {
			if (!this.bound.add(registry)) {
				return;
			}
		}
		finally {
			this.lock.unlock();
		}
		this.ouroboros.addObserver(new FlowMeterObserver(registry, this.qosNames));
	}

}
