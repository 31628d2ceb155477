package rocks.ouroboros.spring.listener;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method that serves the flows allocated to an Ouroboros name. Supported shapes:
 * <ul>
 * <li>{@code void handle(Flow flow)}: called once per accepted flow, which the method owns for
 * its life; the container deallocates it after the method returns.</li>
 * <li>{@code R handle(P payload)} and {@code R handle(P payload, Flow flow)} with {@code P} and
 * {@code R} among {@code byte[]}, {@code String} (UTF-8) and {@code ByteBuffer}, or {@code void}
 * for no reply: called once per packet, in order for the packets of one flow, flows in
 * parallel; a non-null return is written back on the flow as the reply. Do not read the flow in
 * this shape: the container reads it.</li>
 * </ul>
 * Any other signature fails start-up with a message naming the method.
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OuroborosListener {

	/**
	 * The name to serve; {@code ${...}} placeholders and {@code #{...}} expressions are resolved.
	 */
	String name();

	/**
	 * The listener id, unique in the application, for the
	 * {@link OuroborosListenerEndpointRegistry registry}; defaults to
	 * {@code <beanName>.<methodName>}.
	 */
	String id() default "";

	/**
	 * How many handler calls of this listener may run at once (flows in flow mode, packets of
	 * different flows in packet mode); defaults to {@code ouroboros.listener.concurrency}.
	 * Placeholders allowed.
	 */
	String concurrency() default "";

	/** Whether the listener starts with the application context; placeholders allowed; default true. */
	String autoStartup() default "";

	/**
	 * The bean name of an {@link OuroborosListenerErrorHandler} for this listener; defaults to the
	 * container factory's, which logs.
	 */
	String errorHandler() default "";

}
