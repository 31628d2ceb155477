/**
 * JMH benchmarks: the embedded layer against an {@link java.util.concurrent.ArrayBlockingQueue}
 * hand-off, and the native binding's per-call overhead. How to run them and what they measured
 * is in {@code docs/benchmarks.md}.
 */
@NullMarked
package rocks.ouroboros.benchmarks;

import org.jspecify.annotations.NullMarked;
