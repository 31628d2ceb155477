package rocks.ouroboros.spring.listener;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanExpressionContext;
import org.springframework.beans.factory.config.BeanExpressionResolver;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.StringUtils;

import rocks.ouroboros.flow.Names;

/**
 * Finds {@link OuroborosListener @OuroborosListener} methods on beans, checks their signature and
 * attributes (resolving placeholders and expressions), and once every singleton exists registers
 * an {@link OuroborosListenerEndpoint} per method with the
 * {@link OuroborosListenerEndpointRegistry} bean, made by the
 * {@link OuroborosListenerContainerFactory} bean. A wrong signature or attribute fails start-up
 * with a message naming the method.
 */
public class OuroborosListenerAnnotationBeanPostProcessor
		implements BeanPostProcessor, SmartInitializingSingleton, BeanFactoryAware, Ordered {

	/** The bean name of the registry the endpoints go to. */
	public static final String REGISTRY_BEAN_NAME = "ouroborosListenerEndpointRegistry";

	/** The bean name of the container factory that makes the containers. */
	public static final String CONTAINER_FACTORY_BEAN_NAME = "ouroborosListenerContainerFactory";

	private final Set<Class<?>> classesWithout = ConcurrentHashMap.newKeySet();

	private final List<Pending> endpoints = new ArrayList<>();

	private final Set<String> ids = new HashSet<>();

	private final ReentrantLock lock = new ReentrantLock();

	private @Nullable BeanFactory beanFactory;

	private @Nullable BeanExpressionResolver expressionResolver;

	private @Nullable BeanExpressionContext expressionContext;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
		if (beanFactory instanceof ConfigurableBeanFactory configurable) {
			this.expressionResolver = configurable.getBeanExpressionResolver();
			this.expressionContext = new BeanExpressionContext(configurable, null);
		}
	}

	@Override
	public int getOrder() {
		return LOWEST_PRECEDENCE;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		Class<?> targetClass = AopProxyUtils.ultimateTargetClass(bean);
		if (this.classesWithout.contains(targetClass)) {
			return bean;
		}
		Map<Method, OuroborosListener> annotated = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<OuroborosListener>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, OuroborosListener.class));
		if (annotated.isEmpty()) {
			this.classesWithout.add(targetClass);
			return bean;
		}
		annotated.forEach((method, listener) -> {
			Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
			Pending endpoint = endpoint(bean, beanName, invocable, method, listener);
			this.lock.lock();
			try {
				if (!this.ids.add(endpoint.endpoint.id())) {
					throw new IllegalStateException("@OuroborosListener method " + describe(method)
							+ " has the id '" + endpoint.endpoint.id() + "' of another listener: give each listener its own id");
				}
				this.endpoints.add(endpoint);
			}
			finally {
				this.lock.unlock();
			}
		});
		return bean;
	}

	private Pending endpoint(Object bean, String beanName, Method invocable, Method declared,
			OuroborosListener listener) {
		ListenerMethod method = ListenerMethod.of(bean, invocable);
		String name = resolve(listener.name());
		try {
			Names.requireValid(name, "name");
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("@OuroborosListener method " + describe(declared) + " has an invalid name '"
					+ listener.name() + "': " + ex.getMessage(), ex);
		}
		String id = resolve(listener.id());
		if (!StringUtils.hasText(id)) {
			id = beanName + "." + declared.getName();
		}
		Integer concurrency = null;
		String concurrencyText = resolve(listener.concurrency());
		if (StringUtils.hasText(concurrencyText)) {
			try {
				concurrency = Integer.valueOf(concurrencyText.trim());
			}
			catch (NumberFormatException ex) {
				concurrency = -1;
			}
			if (concurrency < 1) {
				throw new IllegalStateException("@OuroborosListener method " + describe(declared) + " has concurrency '"
						+ concurrencyText + "': give a whole number of at least 1");
			}
		}
		Boolean autoStartup = null;
		String autoStartupText = resolve(listener.autoStartup());
		if (StringUtils.hasText(autoStartupText)) {
			String text = autoStartupText.trim();
			if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
				throw new IllegalStateException("@OuroborosListener method " + describe(declared) + " has autoStartup '"
						+ autoStartupText + "': give true or false");
			}
			autoStartup = Boolean.valueOf(text);
		}
		return new Pending(new OuroborosListenerEndpoint(id, name, method, concurrency, autoStartup, null),
				resolve(listener.errorHandler()).trim(), declared);
	}

	/** The error handler bean is looked up once every singleton exists: it may be defined by the listener's own bean. */
	private OuroborosListenerEndpoint withErrorHandler(Pending pending) {
		if (pending.errorHandlerName.isEmpty()) {
			return pending.endpoint;
		}
		OuroborosListenerErrorHandler errorHandler;
		try {
			errorHandler = requireBeanFactory().getBean(pending.errorHandlerName, OuroborosListenerErrorHandler.class);
		}
		catch (BeansException ex) {
			throw new IllegalStateException("@OuroborosListener method " + describe(pending.declared)
					+ " names the error handler '" + pending.errorHandlerName
					+ "', but there is no OuroborosListenerErrorHandler bean of that name: " + ex.getMessage(), ex);
		}
		OuroborosListenerEndpoint endpoint = pending.endpoint;
		return new OuroborosListenerEndpoint(endpoint.id(), endpoint.name(), endpoint.method(), endpoint.concurrency(),
				endpoint.autoStartup(), errorHandler);
	}

	private record Pending(OuroborosListenerEndpoint endpoint, String errorHandlerName, Method declared) {
	}

	private String resolve(String value) {
		String resolved = value;
		if (this.beanFactory instanceof ConfigurableBeanFactory configurable) {
			resolved = configurable.resolveEmbeddedValue(value);
		}
		if (resolved != null && this.expressionResolver != null && this.expressionContext != null) {
			Object evaluated = this.expressionResolver.evaluate(resolved, this.expressionContext);
			resolved = (evaluated != null) ? evaluated.toString() : null;
		}
		return (resolved != null) ? resolved : "";
	}

	private static String describe(Method method) {
		return method.getDeclaringClass().getName() + "." + method.getName();
	}

	private BeanFactory requireBeanFactory() {
		BeanFactory beanFactory = this.beanFactory;
		if (beanFactory == null) {
			throw new IllegalStateException("OuroborosListenerAnnotationBeanPostProcessor needs a BeanFactory");
		}
		return beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<Pending> found;
		this.lock.lock();
		try {
			found = new ArrayList<>(this.endpoints);
			this.endpoints.clear();
		}
		finally {
			this.lock.unlock();
		}
		if (found.isEmpty()) {
			return;
		}
		BeanFactory beanFactory = requireBeanFactory();
		OuroborosListenerEndpointRegistry registry = beanFactory.getBean(REGISTRY_BEAN_NAME,
				OuroborosListenerEndpointRegistry.class);
		OuroborosListenerContainerFactory factory = beanFactory.getBean(CONTAINER_FACTORY_BEAN_NAME,
				OuroborosListenerContainerFactory.class);
		for (Pending pending : found) {
			registry.registerListenerContainer(withErrorHandler(pending), factory);
		}
	}

}
