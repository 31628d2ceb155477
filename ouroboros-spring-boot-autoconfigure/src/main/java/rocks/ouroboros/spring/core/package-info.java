/**
 * Client side of the Spring wiring: {@link rocks.ouroboros.spring.core.FlowFactory} allocates
 * flows to one destination with configured QoS, timeouts and flags, and
 * {@link rocks.ouroboros.spring.core.FlowTemplate} sends, requests and runs callbacks on such
 * flows, always deallocating them.
 */
@NullMarked
package rocks.ouroboros.spring.core;

import org.jspecify.annotations.NullMarked;
