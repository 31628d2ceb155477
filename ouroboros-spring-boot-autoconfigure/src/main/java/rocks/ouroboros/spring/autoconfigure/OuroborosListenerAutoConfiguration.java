package rocks.ouroboros.spring.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnThreading;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

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
@Import({ OuroborosListenerAutoConfiguration.VirtualThreadsExecutorConfiguration.class,
		OuroborosListenerAutoConfiguration.PlatformThreadsExecutorConfiguration.class })
public final class OuroborosListenerAutoConfiguration {

	/** The bean name of the executor listener methods run on. */
	public static final String TASK_EXECUTOR_BEAN_NAME = "ouroborosListenerTaskExecutor";

	private static final String THREAD_NAME_PREFIX = "ouroboros-handler-";

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

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnThreading(Threading.VIRTUAL)
	@ConditionalOnBooleanProperty(name = "ouroboros.listener.virtual-threads", matchIfMissing = true)
	static class VirtualThreadsExecutorConfiguration {

		@Bean(name = TASK_EXECUTOR_BEAN_NAME)
		@ConditionalOnMissingBean(name = TASK_EXECUTOR_BEAN_NAME)
		SimpleAsyncTaskExecutor ouroborosListenerTaskExecutor() {
			SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(THREAD_NAME_PREFIX);
			executor.setVirtualThreads(true);
			return executor;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PlatformThreadsExecutorConfiguration {

		@Bean(name = TASK_EXECUTOR_BEAN_NAME)
		@ConditionalOnMissingBean(name = TASK_EXECUTOR_BEAN_NAME)
		ThreadPoolTaskExecutor ouroborosListenerTaskExecutor() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setThreadNamePrefix(THREAD_NAME_PREFIX);
			executor.setCorePoolSize(0);
			executor.setMaxPoolSize(Integer.MAX_VALUE);
			executor.setQueueCapacity(0);
			executor.setKeepAliveSeconds(60);
			// keep running until the listeners have stopped gracefully
			executor.setAcceptTasksAfterContextClose(true);
			executor.setPhase(OuroborosListenerContainerFactory.DEFAULT_PHASE - 1);
			return executor;
		}

	}

}
