/**
 * Spring wiring of the Ouroboros flow API: {@code core} for client flow factories and templates,
 * {@code listener} for {@code @OuroborosListener} methods and their containers, and
 * {@code autoconfigure} for the Spring Boot auto-configuration and {@code ouroboros.*} properties.
 */
@NullMarked
package rocks.ouroboros.spring;

import org.jspecify.annotations.NullMarked;
