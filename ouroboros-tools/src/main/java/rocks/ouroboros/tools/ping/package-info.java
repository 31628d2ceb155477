/**
 * {@code JavaPing}: upstream's {@code oping} over the flow API, client and server, speaking its
 * wire format so that Java and C ends can be mixed.
 */
@NullMarked
package rocks.ouroboros.tools.ping;

import org.jspecify.annotations.NullMarked;
