/**
 * {@link rocks.ouroboros.spring.listener.OuroborosListener @OuroborosListener} methods and the
 * machinery that serves them: the annotation bean post processor turns each method into an
 * {@link rocks.ouroboros.spring.listener.OuroborosListenerEndpoint endpoint}, the
 * {@link rocks.ouroboros.spring.listener.OuroborosListenerContainerFactory container factory}
 * makes a {@link rocks.ouroboros.spring.listener.OuroborosListenerContainer container} for it,
 * and the {@link rocks.ouroboros.spring.listener.OuroborosListenerEndpointRegistry registry}
 * starts, stops and finds containers by id.
 * <p>
 * Threads: one platform thread per {@code Ouroboros} instance accepts flows and hands them to
 * the container serving their name; each packet-mode container has one platform thread that
 * waits on a flow set and reads ready packets without blocking; handler methods run on a
 * {@code TaskExecutor} (virtual threads when enabled).
 */
@NullMarked
package rocks.ouroboros.spring.listener;

import org.jspecify.annotations.NullMarked;
