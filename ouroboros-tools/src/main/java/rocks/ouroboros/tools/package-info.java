/**
 * Command-line tools over the flow API that speak the wire formats of upstream's C tools, so
 * that either side of a test can be C or Java: {@code JavaPing} ({@code oping}),
 * {@code JavaPerf} ({@code operf}) and {@code JavaCbr} ({@code ocbr}). This package holds what
 * they share: argument parsing, units, the options every tool takes, the choice of backend, the
 * server mode, packet pacing and latency statistics.
 */
@NullMarked
package rocks.ouroboros.tools;

import org.jspecify.annotations.NullMarked;
