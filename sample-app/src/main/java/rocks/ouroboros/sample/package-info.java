/**
 * The sample: the Spring twin of upstream's {@code oecho}.
 */
@NullMarked
package rocks.ouroboros.sample;

import org.jspecify.annotations.NullMarked;
