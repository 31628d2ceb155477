package rocks.ouroboros.spring.core;

import org.jspecify.annotations.Nullable;

import rocks.ouroboros.flow.Flow;

/**
 * Work on one allocated flow, run by {@link FlowTemplate#execute(FlowCallback)}, which
 * deallocates the flow afterwards whatever happens.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface FlowCallback<T extends @Nullable Object> {

	/**
	 * Uses the flow; do not keep it beyond this call.
	 * @param flow a flow allocated for this call
	 * @return the result, handed back by {@link FlowTemplate#execute(FlowCallback)}
	 */
	T doInFlow(Flow flow) throws Exception;

}
