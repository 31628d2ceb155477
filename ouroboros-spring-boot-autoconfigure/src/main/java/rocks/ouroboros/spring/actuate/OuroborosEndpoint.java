package rocks.ouroboros.spring.actuate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowNotAllocatedException;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.spring.listener.OuroborosListenerContainer;
import rocks.ouroboros.spring.metrics.QosProfileNames;

/**
 * The {@code ouroboros} endpoint: the backend, the listeners (state, open flows, handled and
 * failed calls) and the open flows (name, role, QoS, queue lengths). A write to
 * {@code ouroboros/{id}} with {@code {"state": "running"}} or {@code {"state": "stopped"}}
 * starts or stops a listener; stopping waits for its handlers as a shutdown does.
 */
@Endpoint(id = "ouroboros")
public class OuroborosEndpoint {

	private final Ouroboros ouroboros;

	private final QosProfileNames qosNames;

	private final Supplier<? extends Collection<? extends OuroborosListenerContainer>> listeners;

	private final AvailabilityCheck availability;

	/**
	 * @param ouroboros the instance to report
	 * @param qosNames how to name a flow's QoS
	 * @param listeners the listener containers, read at each call
	 */
	public OuroborosEndpoint(Ouroboros ouroboros, QosProfileNames qosNames,
			Supplier<? extends Collection<? extends OuroborosListenerContainer>> listeners) {
		this.ouroboros = Objects.requireNonNull(ouroboros, "ouroboros");
		this.qosNames = Objects.requireNonNull(qosNames, "qosNames");
		this.listeners = Objects.requireNonNull(listeners, "listeners");
		this.availability = new AvailabilityCheck(ouroboros, AvailabilityCheck.DEFAULT_TIMEOUT);
	}

	/** The backend, every listener and every open flow. */
	@ReadOperation
	public OuroborosDescriptor ouroboros() {
		List<ListenerDescriptor> listeners = this.listeners.get()
			.stream()
			.map(ListenerDescriptor::of)
			.sorted(Comparator.comparing(ListenerDescriptor::id))
			.toList();
		List<FlowDescriptor> flows = new ArrayList<>();
		for (Flow flow : this.ouroboros.openFlows()) {
			try {
				flows.add(new FlowDescriptor(flow.id(), flow.name(), lowerCase(flow.role()),
						this.qosNames.nameOf(flow.qos()), flow.rxQueueLength(), flow.txQueueLength()));
			}
			catch (FlowNotAllocatedException ex) {
				// closed while we looked: no longer open
			}
		}
		flows.sort(Comparator.comparing(FlowDescriptor::name).thenComparing(FlowDescriptor::id));
		return new OuroborosDescriptor(lowerCase(this.ouroboros.backend()), this.ouroboros.version(),
				this.availability.check() == AvailabilityCheck.Answer.AVAILABLE, listeners, flows);
	}

	/** One listener, or {@code null} (404) when there is no listener with that id. */
	@ReadOperation
	public @Nullable ListenerDescriptor listener(@Selector String id) {
		OuroborosListenerContainer listener = find(id);
		return (listener != null) ? ListenerDescriptor.of(listener) : null;
	}

	/**
	 * Starts ({@code running}) or stops ({@code stopped}) a listener.
	 * @return the listener after the change
	 * @throws InvalidEndpointRequestException (400) for an unknown id or state
	 */
	@WriteOperation
	public ListenerDescriptor changeListenerState(@Selector String id, String state) {
		OuroborosListenerContainer listener = find(id);
		if (listener == null) {
			List<String> ids = this.listeners.get()
				.stream()
				.map(OuroborosListenerContainer::getListenerId)
				.sorted()
				.toList();
			throw new InvalidEndpointRequestException("There is no listener '" + id + "'; the listeners are " + ids,
					"No such listener");
		}
		switch (state.toLowerCase(Locale.ROOT)) {
			case "running" -> listener.start();
			case "stopped" -> listener.stop();
			default -> throw new InvalidEndpointRequestException(
					"Listener state must be 'running' or 'stopped', was '" + state + "'", "Bad listener state");
		}
		return ListenerDescriptor.of(listener);
	}

	private @Nullable OuroborosListenerContainer find(String id) {
		for (OuroborosListenerContainer listener : this.listeners.get()) {
			if (listener.getListenerId().equals(id)) {
				return listener;
			}
		}
		return null;
	}

	private static String lowerCase(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

	/**
	 * What the endpoint reports.
	 * @param backend {@code embedded} or {@code native}
	 * @param version the Ouroboros version
	 * @param available whether the backend serves (false when it did not say so within 2 s)
	 * @param listeners the listeners, by id
	 * @param flows the open flows, by name
	 */
	public record OuroborosDescriptor(String backend, String version, boolean available,
			List<ListenerDescriptor> listeners, List<FlowDescriptor> flows) implements OperationResponseBody {
	}

	/**
	 * One listener.
	 * @param id the listener id
	 * @param name the name it serves
	 * @param mode {@code flow} or {@code packet}
	 * @param state {@code CREATED}, {@code RUNNING}, {@code STOPPING}, {@code STOPPED}, {@code FAILED} or
	 * {@code RECOVERING}
	 * @param openFlows flows it holds now
	 * @param acceptedFlows flows it accepted since it was made
	 * @param handled calls of its method that returned normally
	 * @param failed calls of its method that threw
	 * @param failure why it failed, when its state is {@code FAILED} or {@code RECOVERING}
	 */
	public record ListenerDescriptor(String id, String name, String mode, String state, int openFlows,
			long acceptedFlows, long handled, long failed, @Nullable String failure) implements OperationResponseBody {

		static ListenerDescriptor of(OuroborosListenerContainer listener) {
			Throwable failure = listener.getFailure();
			return new ListenerDescriptor(listener.getListenerId(), listener.getName(), lowerCase(listener.getMode()),
					listener.getState().name(), listener.getOpenFlowCount(), listener.getAcceptedFlowCount(),
					listener.getHandledCount(), listener.getFailedCount(), (failure != null) ? failure.toString() : null);
		}

	}

	/**
	 * One open flow.
	 * @param id the flow descriptor
	 * @param name the name allocated to, accepted on or joined
	 * @param role {@code client}, {@code server} or {@code broadcast}
	 * @param qos the QoS profile or preset name, or {@code custom}
	 * @param rxQueue packets received and not yet read
	 * @param txQueue packets written and not yet taken by the peer
	 */
	public record FlowDescriptor(int id, String name, String role, String qos, int rxQueue, int txQueue)
			implements OperationResponseBody {
	}

}
