package rocks.ouroboros.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import rocks.ouroboros.embedded.EmbeddedLayer;
import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowException;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.QosSpec;
import rocks.ouroboros.spring.core.FlowFactory;
import rocks.ouroboros.spring.core.FlowTemplate;
import rocks.ouroboros.spring.listener.ListenerInvocation;
import rocks.ouroboros.spring.listener.ListenerInvocationInterceptor;
import rocks.ouroboros.spring.listener.ListenerState;
import rocks.ouroboros.spring.listener.OuroborosListener;
import rocks.ouroboros.spring.listener.OuroborosListenerAnnotationBeanPostProcessor;
import rocks.ouroboros.spring.listener.OuroborosListenerContainer;
import rocks.ouroboros.spring.listener.OuroborosListenerContainerFactory;
import rocks.ouroboros.spring.listener.OuroborosListenerEndpointRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@ExtendWith(OutputCaptureExtension.class)
class OuroborosListenerAutoConfigurationTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(OuroborosAutoConfiguration.class, OuroborosListenerAutoConfiguration.class))
		.withPropertyValues("ouroboros.backend=embedded", "ouroboros.embedded.isolated=true");

	@Test
	void listenerSupportIsConfiguredWithTheOuroborosBean() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(OuroborosListenerEndpointRegistry.class)
				.hasSingleBean(OuroborosListenerContainerFactory.class)
				.hasSingleBean(OuroborosListenerAnnotationBeanPostProcessor.class);
			assertThat(context.getBean(OuroborosListenerAutoConfiguration.TASK_EXECUTOR_BEAN_NAME))
				.isInstanceOf(ThreadPoolTaskExecutor.class);
		});
	}

	@Test
	void listenerSupportBacksOffWithoutAnOuroborosBean() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OuroborosListenerAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(OuroborosListenerEndpointRegistry.class));
	}

	@Test
	void theContainerFactoryTakesItsDefaultsFromProperties() {
		this.contextRunner
			.withPropertyValues("ouroboros.listener.concurrency=7", "ouroboros.listener.idle-timeout=90s",
					"ouroboros.listener.shutdown-timeout=4s")
			.run((context) -> {
				OuroborosListenerContainerFactory factory = context.getBean(OuroborosListenerContainerFactory.class);
				assertThat(factory.getConcurrency()).isEqualTo(7);
				assertThat(factory.getIdleTimeout()).isEqualTo(Duration.ofSeconds(90));
				assertThat(factory.getShutdownTimeout()).isEqualTo(Duration.ofSeconds(4));
			});
	}

	@Test
	void aConcurrencyBelowOneFailsStartUpNamingTheProperty() {
		this.contextRunner.withPropertyValues("ouroboros.listener.concurrency=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("ouroboros.listener.concurrency"));
	}

	@Test
	void beansOfTheApplicationWin() {
		this.contextRunner.withUserConfiguration(OwnListenerBeans.class).run((context) -> {
			assertThat(context).hasSingleBean(OuroborosListenerContainerFactory.class)
				.hasSingleBean(OuroborosListenerEndpointRegistry.class);
			assertThat(context.getBean(OuroborosListenerContainerFactory.class).getConcurrency()).isEqualTo(2);
			assertThat(context.getBean(OuroborosListenerAutoConfiguration.TASK_EXECUTOR_BEAN_NAME))
				.isSameAs(context.getBean(OwnListenerBeans.class).executor);
		});
	}

	@Test
	@Tag("virtual-threads")
	@EnabledForJreRange(min = JRE.JAVA_21)
	void handlersRunOnVirtualThreadsWhenSpringEnablesThem() {
		this.contextRunner.withPropertyValues("spring.threads.virtual.enabled=true")
			.withUserConfiguration(ThreadReporter.class)
			.run((context) -> {
				assertThat(context.getBean(OuroborosListenerAutoConfiguration.TASK_EXECUTOR_BEAN_NAME))
					.isInstanceOf(SimpleAsyncTaskExecutor.class);
				assertThat(template(context.getBean(Ouroboros.class), "thread").requestLine("?")).isEqualTo("virtual");
			});
	}

	@Test
	@Tag("virtual-threads")
	@EnabledForJreRange(min = JRE.JAVA_21)
	void handlersStayOnPlatformThreadsWhenVirtualThreadsAreTurnedOffForThem() {
		this.contextRunner
			.withPropertyValues("spring.threads.virtual.enabled=true", "ouroboros.listener.virtual-threads=false")
			.withUserConfiguration(ThreadReporter.class)
			.run((context) -> assertThat(template(context.getBean(Ouroboros.class), "thread").requestLine("?"))
				.isEqualTo("platform"));
	}

	@Test
	void handlersRunOnPlatformThreadsByDefault() {
		this.contextRunner.withUserConfiguration(ThreadReporter.class)
			.run((context) -> assertThat(template(context.getBean(Ouroboros.class), "thread").requestLine("?"))
				.isEqualTo("platform"));
	}

	@Test
	void anUnsupportedListenerSignatureFailsStartUpNamingTheMethod() {
		this.contextRunner.withUserConfiguration(WrongParameters.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining(WrongParameters.class.getName() + ".handle(int)")
				.hasMessageContaining("unsupported signature"));
	}

	@Test
	void aListenerReturningAnUnsupportedTypeFailsStartUpNamingTheMethod() {
		this.contextRunner.withUserConfiguration(WrongReturn.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining(WrongReturn.class.getName() + ".handle(java.lang.String)")
				.hasMessageContaining("returns java.lang.Integer"));
	}

	@Test
	void aListenerNamingAMissingErrorHandlerFailsStartUpNamingIt() {
		this.contextRunner.withUserConfiguration(MissingErrorHandler.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("nope"));
		this.contextRunner.withUserConfiguration(MissingErrorHandler.class)
			.run((context) -> assertThat(context.getStartupFailure())
				.hasStackTraceContaining(MissingErrorHandler.class.getName() + ".handle"));
	}

	@Test
	void twoListenersWithOneIdFailStartUp() {
		this.contextRunner.withUserConfiguration(DuplicateIds.class)
			.run((context) -> assertThat(context.getStartupFailure()).hasStackTraceContaining("has the id 'same'"));
	}

	@Test
	void interceptorsWrapEveryListenerCall() {
		BlockingQueue<ListenerInvocation> seen = new LinkedBlockingQueue<>();
		ListenerInvocationInterceptor interceptor = (invocation, next) -> {
			seen.add(invocation);
			Object reply = next.proceed();
			return reply + "!";
		};
		this.contextRunner.withBean(ListenerInvocationInterceptor.class, () -> interceptor)
			.withUserConfiguration(ThreadReporter.class)
			.run((context) -> {
				assertThat(template(context.getBean(Ouroboros.class), "thread").requestLine("?")).isEqualTo("platform!");
				ListenerInvocation invocation = seen.poll(5, TimeUnit.SECONDS);
				assertThat(invocation).isNotNull();
				assertThat(invocation.listenerId()).isEqualTo("thread");
				assertThat(invocation.name()).isEqualTo("thread");
				assertThat(invocation.payloadBytes()).isEqualTo(1);
			});
	}

	@Test
	void closingTheContextAnswersEveryRequestInFlightBeforeDeallocating(CapturedOutput output) {
		EmbeddedLayer layer = EmbeddedLayer.create();
		Ouroboros client = layer.newProcess("client");
		this.contextRunner.withUserConfiguration(GatedListener.class)
			.withBean("testLayer", EmbeddedLayer.class, () -> layer, (definition) -> definition.setDestroyMethodName(""))
			.withPropertyValues("ouroboros.listener.concurrency=2", "ouroboros.embedded.isolated=false")
			.run((context) -> {
				GatedListener gated = context.getBean(GatedListener.class);
				OuroborosListenerContainer container = context.getBean(OuroborosListenerEndpointRegistry.class)
					.getListenerContainer("gated");
				List<Flow> flows = new ArrayList<>();
				for (int i = 0; i < 10; i++) {
					Flow flow = client.alloc("gated", QosSpec.RAW, WAIT);
					flow.setReadTimeout(WAIT);
					flow.writeLine("request " + i);
					flows.add(flow);
				}
				assertThat(gated.entered.await(5, TimeUnit.SECONDS)).isTrue();
				Thread closer = new Thread(context::close);
				closer.start();
				org.awaitility.Awaitility.await()
					.atMost(WAIT)
					.until(() -> container.getState() == ListenerState.STOPPING);
				assertThatExceptionOfType(FlowException.class)
					.isThrownBy(() -> client.alloc("gated", QosSpec.RAW, Duration.ofMillis(500)));
				gated.gate.countDown();
				for (int i = 0; i < 10; i++) {
					assertThat(flows.get(i).readLine()).isEqualTo("answer to request " + i);
				}
				closer.join(10_000);
				assertThat(container.getState()).isEqualTo(ListenerState.STOPPED);
				assertThat(container.getOpenFlowCount()).isZero();
			});
		layer.close();
		assertThat(output).doesNotContain("did not finish within its shutdown timeout");
	}

	@Test
	void handlersThatOutliveTheShutdownTimeoutLoseTheirFlowsWithALogLine(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(GatedListener.class)
			.withPropertyValues("ouroboros.listener.concurrency=1", "ouroboros.listener.shutdown-timeout=200ms")
			.run((context) -> {
				GatedListener gated = context.getBean(GatedListener.class);
				Ouroboros client = context.getBean(EmbeddedLayer.class).newProcess("client");
				Flow first = client.alloc("gated", QosSpec.RAW, WAIT);
				first.writeLine("one");
				Flow second = client.alloc("gated", QosSpec.RAW, WAIT);
				second.writeLine("two");
				assertThat(gated.entered.await(5, TimeUnit.SECONDS)).isTrue();
				context.getBean(OuroborosListenerEndpointRegistry.class).stop();
				gated.gate.countDown();
				client.close();
			});
		assertThat(output).contains("Listener 'gated' did not finish within its shutdown timeout of PT0.2S")
			.contains("dropped 1 packets not yet handled");
	}

	@Test
	void aListenerWhoseOuroborosIsClosedUnderItFailsAndSaysWhy() {
		this.contextRunner.withUserConfiguration(ThreadReporter.class).run((context) -> {
			OuroborosListenerContainer container = context.getBean(OuroborosListenerEndpointRegistry.class)
				.getListenerContainer("thread");
			context.getBean(Ouroboros.class).close();
			org.awaitility.Awaitility.await().atMost(WAIT).until(() -> container.getState() == ListenerState.FAILED);
			assertThat(container.getFailure()).isInstanceOf(rocks.ouroboros.flow.OuroborosUnavailableException.class);
			assertThat(container.isRunning()).isFalse();
		});
	}

	@Test
	void aFlowSilentForTheIdleTimeoutIsDeallocated() {
		this.contextRunner.withUserConfiguration(ThreadReporter.class)
			.withPropertyValues("ouroboros.listener.idle-timeout=300ms")
			.run((context) -> {
				Ouroboros client = context.getBean(EmbeddedLayer.class).newProcess("client");
				try (Flow flow = client.alloc("thread", QosSpec.RAW, WAIT)) {
					flow.setReadTimeout(WAIT);
					flow.writeLine("?");
					assertThat(flow.readLine()).isEqualTo("platform");
					assertThatExceptionOfType(rocks.ouroboros.flow.FlowDownException.class).isThrownBy(flow::readLine);
				}
				OuroborosListenerContainer container = context.getBean(OuroborosListenerEndpointRegistry.class)
					.getListenerContainer("thread");
				org.awaitility.Awaitility.await().atMost(WAIT).until(() -> container.getOpenFlowCount() == 0);
			});
	}

	private static FlowTemplate template(Ouroboros ouroboros, String name) {
		return new FlowTemplate(new FlowFactory(ouroboros, name, QosSpec.RAW, WAIT, WAIT, WAIT, Set.of()));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnListenerBeans {

		final TaskExecutor executor = new SimpleAsyncTaskExecutor();

		@Bean(OuroborosListenerAutoConfiguration.TASK_EXECUTOR_BEAN_NAME)
		TaskExecutor ouroborosListenerTaskExecutor() {
			return this.executor;
		}

		@Bean
		OuroborosListenerContainerFactory ouroborosListenerContainerFactory(Ouroboros ouroboros) {
			OuroborosListenerContainerFactory factory = new OuroborosListenerContainerFactory(ouroboros,
					this.executor);
			factory.setConcurrency(2);
			return factory;
		}

		@Bean
		OuroborosListenerEndpointRegistry ouroborosListenerEndpointRegistry() {
			return new OuroborosListenerEndpointRegistry();
		}

	}

	static class ThreadReporter {

		@OuroborosListener(id = "thread", name = "thread")
		String thread(String ignored) {
			return isVirtual(Thread.currentThread()) ? "virtual" : "platform";
		}

		private static boolean isVirtual(Thread thread) {
			try {
				return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
			}
			catch (ReflectiveOperationException ex) {
				return false;
			}
		}

	}

	static class GatedListener {

		final CountDownLatch gate = new CountDownLatch(1);

		final CountDownLatch entered = new CountDownLatch(1);

		@OuroborosListener(id = "gated", name = "gated")
		String handle(String request) throws InterruptedException {
			this.entered.countDown();
			this.gate.await(10, TimeUnit.SECONDS);
			return "answer to " + request;
		}

	}

	static class WrongParameters {

		@OuroborosListener(name = "wrong")
		void handle(int number) {
		}

	}

	static class WrongReturn {

		@OuroborosListener(name = "wrong")
		Integer handle(String text) {
			return 1;
		}

	}

	static class MissingErrorHandler {

		@OuroborosListener(name = "x", errorHandler = "nope")
		void handle(String text) {
		}

	}

	static class DuplicateIds {

		@OuroborosListener(id = "same", name = "a")
		void one(String text) {
		}

		@OuroborosListener(id = "same", name = "b")
		void two(String text) {
		}

	}

}
