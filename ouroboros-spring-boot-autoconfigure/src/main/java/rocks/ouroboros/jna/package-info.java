/**
 * The native backend: the flow API over upstream Ouroboros's {@code libouroboros-dev} and
 * {@code libouroboros-irm} through JNA. Entry points: {@code NativeBackend.probe} and
 * {@code NativeBackend.open} with {@link rocks.ouroboros.jna.NativeSettings}.
 */
@NullMarked
package rocks.ouroboros.jna;

import org.jspecify.annotations.NullMarked;
