/**
 * Micrometer support: flow meters bound to the {@link rocks.ouroboros.flow.Ouroboros} bean and the
 * observation of {@code @OuroborosListener} invocations. Active only when Micrometer is on the
 * class path.
 */
@NullMarked
package rocks.ouroboros.spring.metrics;

import org.jspecify.annotations.NullMarked;
