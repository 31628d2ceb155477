/**
 * Spring Boot auto-configuration of Ouroboros: the {@code Ouroboros} bean and its backend, QoS
 * profiles, client flow factories, served names, and {@code @OuroborosListener} support, all
 * configured under {@code ouroboros.*} ({@link rocks.ouroboros.spring.autoconfigure.OuroborosProperties}).
 */
@NullMarked
package rocks.ouroboros.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
