package rocks.ouroboros.flow;

import java.util.Objects;

/**
 * One event from a {@link FlowEventQueue}: what happened, and to which flow of the
 * {@link FlowSet} that was waited on.
 *
 * @param flow the flow the event is about
 * @param type what happened
 */
public record FlowEvent(Flow flow, FlowEventType type) {

	public FlowEvent {
		Objects.requireNonNull(flow, "flow");
		Objects.requireNonNull(type, "type");
	}

}
