package rocks.ouroboros.spring.actuate;

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
 * {@link ListenerState#FAILED failed}; {@code DOWN} otherwise. A listener stopped on purpose or
 * never started is no reason for {@code DOWN}. Details: backend, version, open flows, and each
 * listener's state, with the failure of a failed one.
 */
public class OuroborosHealthIndicator extends AbstractHealthIndicator {

	private final Ouroboros ouroboros;

	private final Supplier<? extends Collection<? extends OuroborosListenerContainer>> listeners;

	/**
	 * @param ouroboros the instance to check
	 * @param listeners the listener containers, read at each check
	 */
	public OuroborosHealthIndicator(Ouroboros ouroboros,
			Supplier<? extends Collection<? extends OuroborosListenerContainer>> listeners) {
		super("Ouroboros health check failed");
		this.ouroboros = Objects.requireNonNull(ouroboros, "ouroboros");
		this.listeners = Objects.requireNonNull(listeners, "listeners");
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean available = this.ouroboros.isAvailable();
		builder.withDetail("backend", this.ouroboros.backend().name().toLowerCase(Locale.ROOT))
			.withDetail("version", this.ouroboros.version())
			.withDetail("openFlows", this.ouroboros.openFlows().size());
		Map<String, String> states = new LinkedHashMap<>();
		Map<String, String> failures = new LinkedHashMap<>();
		for (OuroborosListenerContainer listener : this.listeners.get()) {
			ListenerState state = listener.getState();
			states.put(listener.getListenerId(), state.name());
			if (state == ListenerState.FAILED) {
				failures.put(listener.getListenerId(), describe(listener.getFailure()));
			}
		}
		builder.withDetail("listeners", states);
		if (!available) {
			builder.down().withDetail("reason", unavailableReason());
		}
		else if (!failures.isEmpty()) {
			builder.down().withDetail("failedListeners", failures);
		}
		else {
			builder.up();
		}
	}

	private String unavailableReason() {
		if (this.ouroboros.isClosed()) {
			return "the Ouroboros instance is closed";
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
