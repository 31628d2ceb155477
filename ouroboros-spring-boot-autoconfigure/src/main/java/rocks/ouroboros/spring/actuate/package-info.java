/**
 * Actuator support: the {@code ouroboros} health indicator and the {@code ouroboros} endpoint
 * that lists listeners and open flows and starts and stops listeners. Active only when Spring
 * Boot's health and actuator modules are on the class path.
 */
@NullMarked
package rocks.ouroboros.spring.actuate;

import org.jspecify.annotations.NullMarked;
