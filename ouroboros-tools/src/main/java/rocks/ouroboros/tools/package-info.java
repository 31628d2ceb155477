/**
 * Command-line tools over the flow API that speak the wire formats of upstream's C tools, so
 * that either side of a test can be C or Java: {@code JavaPing} ({@code oping}),
 * {@code JavaPerf} ({@code operf}) and {@code JavaCbr} ({@code ocbr}). This package holds what
 * they share: argument parsing, units, the choice of backend and latency statistics.
 */
@NullMarked
package rocks.ouroboros.tools;

import org.jspecify.annotations.NullMarked;
