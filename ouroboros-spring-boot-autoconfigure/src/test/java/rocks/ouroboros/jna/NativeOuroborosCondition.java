package rocks.ouroboros.jna;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Enables {@link NativeOuroboros} tests when {@link NativeBackend#probe} says real Ouroboros is
 * usable with {@link NativeSettings#defaults()} (so {@code -Douroboros.irm.socket=...} can point
 * the probe elsewhere), and prints one line for the whole run when it is not.
 */
public final class NativeOuroborosCondition implements ExecutionCondition {

	private static final AtomicBoolean reported = new AtomicBoolean();

	private static volatile Availability availability;

	static Availability availability() {
		Availability result = availability;
		if (result == null) {
			result = NativeBackend.probe(NativeSettings.defaults());
			availability = result;
		}
		return result;
	}

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		Availability result = availability();
		if (result.usable()) {
			return ConditionEvaluationResult.enabled(result.reason());
		}
		String line = "Native Ouroboros tests skipped: " + result.reason();
		if (reported.compareAndSet(false, true)) {
			System.out.println(line);
		}
		return ConditionEvaluationResult.disabled(line);
	}

}
