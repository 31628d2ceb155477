/**
 * {@code JavaCbr}: upstream's {@code ocbr} over the flow API: a sender at a constant bit rate
 * (or flooding) and a receiver that reports packets and bits per second, wire-compatible with
 * the C tool.
 */
@NullMarked
package rocks.ouroboros.tools.cbr;

import org.jspecify.annotations.NullMarked;
