/**
 * The reliability suite: randomized operation sequences, bad input, faults, load and shutdown
 * against the flow API and its backends. Sizes grow with {@code -Douroboros.soak=true}; every
 * randomized test prints its seed, and {@code -Douroboros.reliability.seed=N} replays it. The
 * figures of a run are printed at its end by {@link rocks.ouroboros.reliability.ReliabilityFigures}.
 */
@NullMarked
package rocks.ouroboros.reliability;

import org.jspecify.annotations.NullMarked;
