package rocks.ouroboros.spring.listener;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.spring.core.FlowTemplate;

/**
 * A listener method and the bean it is called on, checked once: its signature decides the
 * {@link ListenerMode}, and payloads and replies are converted between packets and
 * {@code byte[]}, {@code String} (UTF-8) and {@code ByteBuffer}.
 */
public final class ListenerMethod {

	private static final Set<Class<?>> PAYLOAD_TYPES = Set.of(byte[].class, String.class, ByteBuffer.class);

	private final Object bean;

	private final Method method;

	private final ListenerMode mode;

	private final @Nullable Class<?> payloadType;

	private final boolean takesFlow;

	private ListenerMethod(Object bean, Method method, ListenerMode mode, @Nullable Class<?> payloadType,
			boolean takesFlow) {
		this.bean = bean;
		this.method = method;
		this.mode = mode;
		this.payloadType = payloadType;
		this.takesFlow = takesFlow;
		ReflectionUtils.makeAccessible(method);
	}

	/**
	 * Checks the signature of {@code method} and returns the listener method.
	 * @throws IllegalStateException naming the method when its signature is not supported
	 */
	public static ListenerMethod of(Object bean, Method method) {
		Objects.requireNonNull(bean, "bean");
		Objects.requireNonNull(method, "method");
		Class<?>[] parameters = method.getParameterTypes();
		Class<?> returns = method.getReturnType();
		if (parameters.length == 1 && parameters[0] == Flow.class) {
			if (returns != void.class) {
				throw unsupported(method, "a method taking a Flow owns the flow and returns void; return nothing"
						+ " and write replies on the flow, or take a payload to have the return written back");
			}
			return new ListenerMethod(bean, method, ListenerMode.FLOW, null, true);
		}
		if ((parameters.length == 1 || (parameters.length == 2 && parameters[1] == Flow.class))
				&& PAYLOAD_TYPES.contains(parameters[0])) {
			if (returns != void.class && !PAYLOAD_TYPES.contains(returns)) {
				throw unsupported(method, "it returns " + returns.getName()
						+ "; a reply is byte[], String or ByteBuffer, or void for none");
			}
			return new ListenerMethod(bean, method, ListenerMode.PACKET, parameters[0], parameters.length == 2);
		}
		throw unsupported(method, "its parameters are not (Flow), (P) or (P, Flow)");
	}

	private static IllegalStateException unsupported(Method method, String why) {
		return new IllegalStateException("@OuroborosListener method " + method.getDeclaringClass().getName() + "."
				+ method.getName() + "(" + ClassUtils.classNamesToString(method.getParameterTypes()).replaceAll("[\\[\\]]", "")
				+ ") has an unsupported signature: " + why + ". Supported: void handle(Flow flow), R handle(P payload)"
				+ " and R handle(P payload, Flow flow) with P and R among byte[], String and ByteBuffer (R may be void)");
	}

	/** The bean the method is called on. */
	public Object getBean() {
		return this.bean;
	}

	/** The method. */
	public Method getMethod() {
		return this.method;
	}

	/** Flow or packet mode. */
	public ListenerMode getMode() {
		return this.mode;
	}

	/** Calls a flow-mode method with the flow. */
	void invokeWithFlow(Flow flow) throws Exception {
		invoke(flow);
	}

	/** Calls a packet-mode method with the packet (and the flow); what it returned, or {@code null}. */
	@Nullable Object invokeWithPacket(byte[] packet, Flow flow) throws Exception {
		Object payload = toPayload(packet);
		return this.takesFlow ? invoke(payload, flow) : invoke(payload);
	}

	private @Nullable Object toPayload(byte[] packet) {
		if (this.payloadType == String.class) {
			return FlowTemplate.toLine(packet);
		}
		if (this.payloadType == ByteBuffer.class) {
			return ByteBuffer.wrap(packet);
		}
		return packet;
	}

	/**
	 * A reply object as the packet to write: {@code byte[]} as is, {@code String} as UTF-8,
	 * {@code ByteBuffer} its remaining bytes; {@code null} for none.
	 * @throws IllegalArgumentException for another type
	 */
	static byte @Nullable [] toPacket(@Nullable Object reply) {
		if (reply == null) {
			return null;
		}
		if (reply instanceof byte[] bytes) {
			return bytes;
		}
		if (reply instanceof String text) {
			return text.getBytes(StandardCharsets.UTF_8);
		}
		if (reply instanceof ByteBuffer buffer) {
			ByteBuffer copy = buffer.duplicate();
			byte[] bytes = new byte[copy.remaining()];
			copy.get(bytes);
			return bytes;
		}
		throw new IllegalArgumentException("a reply must be byte[], String or ByteBuffer, was " + reply.getClass().getName());
	}

	private @Nullable Object invoke(@Nullable Object... arguments) throws Exception {
		try {
			return this.method.invoke(this.bean, arguments);
		}
		catch (InvocationTargetException ex) {
			Throwable target = ex.getTargetException();
			if (target instanceof Exception exception) {
				throw exception;
			}
			if (target instanceof Error error) {
				throw error;
			}
			throw ex;
		}
	}

	@Override
	public String toString() {
		return this.method.getDeclaringClass().getSimpleName() + "." + this.method.getName();
	}

}
