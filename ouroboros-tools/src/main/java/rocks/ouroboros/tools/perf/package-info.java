/**
 * {@code JavaPerf}: upstream's {@code operf} over the flow API: a configuration packet saying
 * whether the test is one-way or echoed, then packets of a fixed size whose first four bytes
 * number them; wire-compatible with the C tool.
 */
@NullMarked
package rocks.ouroboros.tools.perf;

import org.jspecify.annotations.NullMarked;
