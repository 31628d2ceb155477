package rocks.ouroboros.spring.listener;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import rocks.ouroboros.jna.Availability;
import rocks.ouroboros.jna.NativeBackend;
import rocks.ouroboros.jna.NativeSettings;

/**
 * Runs a test class only when real Ouroboros is usable here (libraries installed, irmd
 * answering), and prints one line for the whole run when it is not.
 */
final class NativeOuroborosAvailable implements ExecutionCondition {

	private static final AtomicBoolean reported = new AtomicBoolean();

	private static volatile Availability availability;

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		Availability result = availability;
		if (result == null) {
			result = NativeBackend.probe(NativeSettings.defaults());
			availability = result;
		}
		if (result.usable()) {
			return ConditionEvaluationResult.enabled(result.reason());
		}
		String line = "Native listener tests skipped: " + result.reason();
		if (reported.compareAndSet(false, true)) {
			System.out.println(line);
		}
		return ConditionEvaluationResult.disabled(line);
	}

}
