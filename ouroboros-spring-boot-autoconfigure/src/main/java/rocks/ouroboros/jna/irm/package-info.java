/**
 * A small Java API over {@code libouroboros-irm}: create, bootstrap, enroll, connect and destroy
 * IPC processes, create, list, register and destroy names, and bind programs and processes to
 * names, as the {@code irm} command line tool does. Get one from
 * {@link rocks.ouroboros.jna.NativeBackend#irm(rocks.ouroboros.jna.NativeSettings)}.
 */
@NullMarked
package rocks.ouroboros.jna.irm;

import org.jspecify.annotations.NullMarked;
