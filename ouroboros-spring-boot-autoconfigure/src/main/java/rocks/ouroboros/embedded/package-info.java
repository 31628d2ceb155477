/**
 * The embedded backend: an in-JVM layer with the semantics of an upstream Ouroboros local
 * layer, for tests, demos and machines without Ouroboros. {@link rocks.ouroboros.embedded.EmbeddedLayer}
 * is the layer; its processes are {@link rocks.ouroboros.flow.Ouroboros} instances.
 */
@NullMarked
package rocks.ouroboros.embedded;

import org.jspecify.annotations.NullMarked;
