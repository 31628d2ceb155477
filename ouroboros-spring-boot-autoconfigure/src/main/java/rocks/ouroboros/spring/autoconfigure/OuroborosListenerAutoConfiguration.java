package rocks.ouroboros.spring.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.TaskExecutor;

import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.spring.listener.ListenerInvocationInterceptor;
import rocks.ouroboros.spring.listener.OuroborosListenerAnnotationBeanPostProcessor;
import rocks.ouroboros.spring.listener.OuroborosListenerContainerFactory;
import rocks.ouroboros.spring.listener.OuroborosListenerEndpointRegistry;

/**
 * Auto-configuration of {@code @OuroborosListener} methods: the annotation bean post processor,
 * the endpoint registry, the container factory configured from {@code ouroboros.listener.*},
 * and the task executor the listener methods run on ({@value #TASK_EXECUTOR_BEAN_NAME}: virtual
 * threads when {@code spring.threads.virtual.enabled} is set on Java 21+, else a cached pool of
 * platform threads). Any of these beans defined by the application wins.
 */
@AutoConfiguration(after = OuroborosAutoConfiguration.class)
@ConditionalOnBean(Ouroboros.class)
@Import({ ListenerTaskExecutorConfigurations.VirtualThreadsExecutorConfiguration.class,
		ListenerTaskExecutorConfigurations.PlatformThreadsExecutorConfiguration.class })
public final class OuroborosListenerAutoConfiguration {

	/** The bean name of the executor listener methods run on. */
	public static final String TASK_EXECUTOR_BEAN_NAME = "ouroborosListenerTaskExecutor";

	@Bean(name = "org.springframework.boot.autoconfigure.internalOuroborosListenerAnnotationProcessor")
	@ConditionalOnMissingBean
	static OuroborosListenerAnnotationBeanPostProcessor ouroborosListenerAnnotationBeanPostProcessor() {
		return new OuroborosListenerAnnotationBeanPostProcessor();
	}

	@Bean(name = OuroborosListenerAnnotationBeanPostProcessor.REGISTRY_BEAN_NAME)
	@ConditionalOnMissingBean
	OuroborosListenerEndpointRegistry ouroborosListenerEndpointRegistry() {
		return new OuroborosListenerEndpointRegistry();
	}

	@Bean(name = OuroborosListenerAnnotationBeanPostProcessor.CONTAINER_FACTORY_BEAN_NAME)
	@ConditionalOnMissingBean(name = OuroborosListenerAnnotationBeanPostProcessor.CONTAINER_FACTORY_BEAN_NAME)
	OuroborosListenerContainerFactory ouroborosListenerContainerFactory(Ouroboros ouroboros,
			OuroborosProperties properties, @Qualifier(TASK_EXECUTOR_BEAN_NAME) TaskExecutor taskExecutor,
			ObjectProvider<ListenerInvocationInterceptor> interceptors) {
		OuroborosProperties.Listener listener = properties.getListener();
		OuroborosListenerContainerFactory factory = new OuroborosListenerContainerFactory(ouroboros, taskExecutor);
		ListenerSettings.apply(listener, factory);
		factory.setInterceptors(interceptors.orderedStream().toList());
		return factory;
	}

}
