/**
 * The Ouroboros flow API, the Java twin of pyOuroboros: {@link rocks.ouroboros.flow.Ouroboros}
 * allocates, accepts and joins {@link rocks.ouroboros.flow.Flow flows} to names, with
 * {@link rocks.ouroboros.flow.QosSpec QoS specs}, flow flags, timeouts and
 * {@link rocks.ouroboros.flow.FlowSet flow sets} with event queues.
 * <p>
 * The abstract classes here validate arguments, guard handles against use after close and
 * notify {@link rocks.ouroboros.flow.FlowObserver observers} once for every backend; the
 * backends ({@code rocks.ouroboros.embedded}, {@code rocks.ouroboros.jna}) implement only the
 * protected primitives.
 */
@NullMarked
package rocks.ouroboros.flow;

import org.jspecify.annotations.NullMarked;
