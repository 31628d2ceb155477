package rocks.ouroboros.spring.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnThreading;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import rocks.ouroboros.spring.listener.OuroborosListenerContainerFactory;

/**
 * The twin executors of listener methods, imported in this order by
 * {@link OuroborosListenerAutoConfiguration}: virtual threads when Spring enables them (and
 * {@code ouroboros.listener.virtual-threads} is not false), else a cached pool of platform threads.
 */
final class ListenerTaskExecutorConfigurations {

	private static final String THREAD_NAME_PREFIX = "ouroboros-handler-";

	private ListenerTaskExecutorConfigurations() {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnThreading(Threading.VIRTUAL)
	@ConditionalOnBooleanProperty(name = "ouroboros.listener.virtual-threads", matchIfMissing = true)
	static class VirtualThreadsExecutorConfiguration {

		@Bean(name = OuroborosListenerAutoConfiguration.TASK_EXECUTOR_BEAN_NAME)
		@ConditionalOnMissingBean(name = OuroborosListenerAutoConfiguration.TASK_EXECUTOR_BEAN_NAME)
		SimpleAsyncTaskExecutor ouroborosListenerTaskExecutor() {
			SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(THREAD_NAME_PREFIX);
			executor.setVirtualThreads(true);
			return executor;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PlatformThreadsExecutorConfiguration {

		@Bean(name = OuroborosListenerAutoConfiguration.TASK_EXECUTOR_BEAN_NAME)
		@ConditionalOnMissingBean(name = OuroborosListenerAutoConfiguration.TASK_EXECUTOR_BEAN_NAME)
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
