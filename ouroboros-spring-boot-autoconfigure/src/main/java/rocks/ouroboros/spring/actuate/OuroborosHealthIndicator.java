package rocks.ouroboros.spring.actuate;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import rocks.ouroboros.flow.BackendKind;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.spring.listener.ListenerState;
import rocks.ouroboros.spring.listener.OuroborosListenerContainer;

/**
 * The health of Ouroboros: {@code UP} while the backend serves ({@link Ouroboros#isAvailable()}:
 * for the native backend, the IRM daemon answers) and no listener has
 * {@link ListenerState#FAILED failed} or is {@link ListenerState#RECOVERING waiting} for the
 * backend to come back; {@code DOWN} otherwise. A listener stopped on purpose or
 * never started is no reason for {@code DOWN}. Details: backend, version, open flows, and each
 * listener's state, with the failure of a failed one. A backend that does not say whether it
 * serves within the availability timeout (a wedged IRM daemon) is {@code DOWN} too: the check
 * never hangs.
 */
public class OuroborosHealthIndicator extends AbstractHealthIndicator {

	/** How long a check waits for the backend to say whether it serves, unless told otherwise. */
	public static final Duration DEFAULT_AVAILABILITY_TIMEOUT = AvailabilityCheck.DEFAULT_TIMEOUT;

	private final Ouroboros ouroboros;

	private final Supplier<? extends Collection<? extends OuroborosListenerContainer>> listeners;

	private final AvailabilityCheck availability;

	/**
	 * @param ouroboros the instance to check
	 * @param listeners the listener containers, read at each check
	 */
	public OuroborosHealthIndicator(Ouroboros ouroboros,
			Supplier<? extends Collection<? extends OuroborosListenerContainer>> listeners) {
		this(ouroboros, listeners, DEFAULT_AVAILABILITY_TIMEOUT);
	}

	/**
	 * @param ouroboros the instance to check
	 * @param listeners the listener containers, read at each check
	 * @param availabilityTimeout how long to wait for {@link Ouroboros#isAvailable()}; no answer
	 * in time is {@code DOWN}
	 */
	public OuroborosHealthIndicator(Ouroboros ouroboros,
			Supplier<? extends Collection<? extends OuroborosListenerContainer>> listeners,
			Duration availabilityTimeout) {
		super("Ouroboros health check failed");
		this.ouroboros = Objects.requireNonNull(ouroboros, "ouroboros");
		this.listeners = Objects.requireNonNull(listeners, "listeners");
		Objects.requireNonNull(availabilityTimeout, "availabilityTimeout");
		if (availabilityTimeout.isNegative() || availabilityTimeout.isZero()) {
			throw new IllegalArgumentException("availabilityTimeout must be positive, was " + availabilityTimeout);
		}
		this.availability = new AvailabilityCheck(ouroboros, availabilityTimeout);
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		AvailabilityCheck.Answer availability = this.availability.check();
		builder.withDetail("backend", this.ouroboros.backend().name().toLowerCase(Locale.ROOT))
			.withDetail("version", this.ouroboros.version())
			.withDetail("openFlows", this.ouroboros.openFlows().size());
		Map<String, String> states = new LinkedHashMap<>();
		Map<String, String> failures = new LinkedHashMap<>();
		Map<String, String> recovering = new LinkedHashMap<>();
		for (OuroborosListenerContainer listener : this.listeners.get()) {
			ListenerState state = listener.getState();
			states.put(listener.getListenerId(), state.name());
			if (state == ListenerState.FAILED) {
				failures.put(listener.getListenerId(), describe(listener.getFailure()));
			}
			else if (state == ListenerState.RECOVERING) {
				recovering.put(listener.getListenerId(), describe(listener.getFailure()));
			}
		}
		builder.withDetail("listeners", states);
		if (availability != AvailabilityCheck.Answer.AVAILABLE) {
			builder.down().withDetail("reason", unavailableReason(availability));
		}
		else if (!failures.isEmpty()) {
			builder.down().withDetail("failedListeners", failures);
		}
		else if (!recovering.isEmpty()) {
			builder.down().withDetail("recoveringListeners", recovering);
		}
		else {
			builder.up();
		}
	}

	private String unavailableReason(AvailabilityCheck.Answer availability) {
		if (this.ouroboros.isClosed()) {
			return "the Ouroboros instance is closed";
		}
		if (availability == AvailabilityCheck.Answer.NO_ANSWER) {
			return "the " + this.ouroboros.backend().name().toLowerCase(Locale.ROOT)
					+ " backend did not say whether it serves within " + this.availability.timeout().toMillis() + " ms"
					+ ((this.ouroboros.backend() == BackendKind.NATIVE) ? ": is irmd wedged?" : "");
		}
		String known = this.ouroboros.unavailableReason().orElse(null);
		if (known != null) {
			return known;
		}
		if (this.ouroboros.backend() == BackendKind.NATIVE) {
			return "the IRM daemon does not answer: is irmd running?";
		}
		return "the " + this.ouroboros.backend().name().toLowerCase(Locale.ROOT) + " backend does not serve";
	}

	private static String describe(@Nullable Throwable failure) {
		if (failure == null) {
			return "unknown failure";
		}
		String message = failure.getMessage();
		return failure.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
	}

}
