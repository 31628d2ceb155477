package rocks.ouroboros.spring.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import rocks.ouroboros.embedded.EmbeddedLayer;
import rocks.ouroboros.flow.BackendKind;
import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.FlowFlag;
import rocks.ouroboros.flow.LoadBalancing;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.QosSpec;
import rocks.ouroboros.flow.UnknownNameException;
import rocks.ouroboros.spring.core.FlowFactory;
import rocks.ouroboros.spring.core.FlowTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@ExtendWith(OutputCaptureExtension.class)
class OuroborosAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OuroborosAutoConfiguration.class))
		.withPropertyValues("ouroboros.embedded.isolated=true");

	@Test
	void embeddedBackendGivesOneEmbeddedOuroborosBean() {
		this.contextRunner.withPropertyValues("ouroboros.backend=embedded").run((context) -> {
			assertThat(context).hasSingleBean(Ouroboros.class);
			assertThat(context.getBean(Ouroboros.class).backend()).isEqualTo(BackendKind.EMBEDDED);
		});
	}

	@Test
	void theOuroborosBeanIsClosedWithTheContext() {
		Ouroboros[] seen = new Ouroboros[1];
		this.contextRunner.withPropertyValues("ouroboros.backend=embedded")
			.run((context) -> seen[0] = context.getBean(Ouroboros.class));
		assertThat(seen[0].isClosed()).isTrue();
	}

	@Test
	void autoFallsBackToEmbeddedWithOneWarningSayingWhyWhenJnaIsMissing(CapturedOutput output) {
		this.contextRunner.withClassLoader(new FilteredClassLoader("com.sun.jna")).run((context) -> {
			assertThat(context.getBean(Ouroboros.class).backend()).isEqualTo(BackendKind.EMBEDDED);
			assertThat(output).containsOnlyOnce("Ouroboros runs on the embedded in-JVM layer")
				.contains("JNA (net.java.dev.jna:jna) is not on the class path");
		});
	}

	@Test
	void nativeFailsStartUpWithTheReasonWhenJnaIsMissing() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("com.sun.jna"))
			.withPropertyValues("ouroboros.backend=native")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("ouroboros.backend is 'native'")
				.hasMessageContaining("JNA (net.java.dev.jna:jna) is not on the class path"));
	}

	@Test
	void nativeFailsStartUpWithTheReasonWhenTheIrmSocketIsNotThere(@TempDir Path directory) {
		Path socket = directory.resolve("irm.sock");
		this.contextRunner.withPropertyValues("ouroboros.backend=native", "ouroboros.native.irm-socket=" + socket)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("ouroboros.backend is 'native'")
				.hasMessageContaining(socket.toString()));
	}

	@Test
	void autoFallsBackToEmbeddedWithOneWarningWhenIrmdIsNotThere(@TempDir Path directory, CapturedOutput output) {
		Path socket = directory.resolve("irm.sock");
		this.contextRunner.withPropertyValues("ouroboros.native.irm-socket=" + socket).run((context) -> {
			assertThat(context.getBean(Ouroboros.class).backend()).isEqualTo(BackendKind.EMBEDDED);
			assertThat(output).containsOnlyOnce("Ouroboros runs on the embedded in-JVM layer").contains(socket.toString());
		});
	}

	@Test
	void anOuroborosBeanOfTheApplicationWins() {
		this.contextRunner.withUserConfiguration(OwnOuroborosConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(Ouroboros.class);
			assertThat(context.getBean(Ouroboros.class)).isSameAs(context.getBean("myOuroboros"));
		});
	}

	@Test
	void isolatedContextsCannotReachEachOthersNames() {
		this.contextRunner.withPropertyValues("ouroboros.backend=embedded", "ouroboros.names.isolated-a.create=false")
			.run((first) -> this.contextRunner.withPropertyValues("ouroboros.backend=embedded").run((second) -> {
				assertThat(first.getBean(Ouroboros.class).boundNames()).contains("isolated-a");
				assertThatExceptionOfType(UnknownNameException.class)
					.isThrownBy(() -> second.getBean(Ouroboros.class).alloc("isolated-a", QosSpec.RAW, Duration.ofSeconds(1)));
			}));
	}

	@Test
	void aQosProfileIsItsPresetWithTheFieldsItOverrides() {
		this.contextRunner
			.withPropertyValues("ouroboros.backend=embedded", "ouroboros.qos.calls.preset=voice",
					"ouroboros.qos.calls.delay=30ms", "ouroboros.qos.calls.bandwidth=64kbit",
					"ouroboros.qos.calls.peer-timeout=5s", "ouroboros.qos.bulk.preset=data",
					"ouroboros.qos.bulk.bandwidth=unlimited")
			.run((context) -> {
				QosProfiles profiles = context.getBean(QosProfiles.class);
				assertThat(profiles.get("calls", "test")).isEqualTo(QosSpec.VOICE.toBuilder()
					.delayMillis(30)
					.bandwidth(64_000)
					.timeoutMillis(5000)
					.build());
				assertThat(profiles.get("bulk", "test").bandwidth()).isEqualTo(QosSpec.UNLIMITED_BANDWIDTH);
				assertThat(profiles.get("bulk", "test").isReliable()).isTrue();
			});
	}

	@Test
	void bandwidthTakesBitsPerSecondWithDecimalUnits() {
		assertThat(QosProfiles.bandwidth("p", "2500")).isEqualTo(2500);
		assertThat(QosProfiles.bandwidth("p", "100kbit")).isEqualTo(100_000);
		assertThat(QosProfiles.bandwidth("p", "10 Mbit/s")).isEqualTo(10_000_000);
		assertThat(QosProfiles.bandwidth("p", "1Gbit")).isEqualTo(1_000_000_000);
	}

	@Test
	void aQosValueOutOfRangeFailsStartUpNamingItsProperty() {
		this.contextRunner.withPropertyValues("ouroboros.backend=embedded", "ouroboros.qos.gold.availability=300")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("ouroboros.qos.gold.availability")
				.hasMessageContaining("between 0 and 255"));
	}

	@Test
	void aBandwidthWithoutAKnownUnitFailsStartUpNamingItsProperty() {
		this.contextRunner.withPropertyValues("ouroboros.backend=embedded", "ouroboros.qos.gold.bandwidth=10 furlongs")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("ouroboros.qos.gold.bandwidth")
				.hasMessageContaining("100kbit"));
	}

	@Test
	void aFlowFactoryFromPropertiesIsInjectableByQualifierWithItsSettings() {
		this.contextRunner
			.withPropertyValues("ouroboros.backend=embedded", "ouroboros.qos.reliable.preset=data",
					"ouroboros.qos.reliable.peer-timeout=3s", "ouroboros.flows.echo.destination=oecho",
					"ouroboros.flows.echo.qos=reliable", "ouroboros.flows.echo.alloc-timeout=2s",
					"ouroboros.flows.echo.read-timeout=1s", "ouroboros.flows.echo.flags=read-write,read-no-partial",
					"ouroboros.flows.plain.destination=other")
			.withUserConfiguration(EchoClient.class)
			.run((context) -> {
				FlowFactory factory = context.getBean(EchoClient.class).factory;
				assertThat(factory).isSameAs(context.getBean("echoFlowFactory"));
				assertThat(factory.destination()).isEqualTo("oecho");
				assertThat(factory.qos()).isEqualTo(QosSpec.DATA.withPeerTimeout(Duration.ofSeconds(3)));
				assertThat(factory.allocTimeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(factory.readTimeout()).isEqualTo(Duration.ofSeconds(1));
				assertThat(factory.flags()).containsExactlyInAnyOrder(FlowFlag.READ_WRITE, FlowFlag.READ_NO_PARTIAL);
				assertThat(context.getBean(EchoClient.class).template.getFlowFactory()).isSameAs(factory);
				assertThat(context.getBean("plainFlowFactory", FlowFactory.class).qos()).isEqualTo(QosSpec.RAW);
			});
	}

	@Test
	void aFlowFactoryAllocatesWithItsTimeoutsAndFlags() {
		this.contextRunner
			.withPropertyValues("ouroboros.backend=embedded", "ouroboros.names.served.create=false",
					"ouroboros.flows.served.destination=served", "ouroboros.flows.served.read-timeout=250ms",
					"ouroboros.flows.served.flags=read-no-partial")
			.run((context) -> {
				Ouroboros ouroboros = context.getBean(Ouroboros.class);
				Thread server = new Thread(() -> ouroboros.accept(Duration.ofSeconds(5)).close());
				server.start();
				try (Flow flow = context.getBean("servedFlowFactory", FlowFactory.class).allocate()) {
					assertThat(flow.readTimeout()).contains(Duration.ofMillis(250));
					assertThat(flow.flags()).contains(FlowFlag.READ_WRITE, FlowFlag.READ_NO_PARTIAL);
				}
				server.join(5000);
			});
	}

	@Test
	void aFlowFactoryWithoutDestinationFailsStartUpNamingTheProperty() {
		this.contextRunner.withPropertyValues("ouroboros.backend=embedded", "ouroboros.flows.echo.read-timeout=1s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("ouroboros.flows.echo.destination"));
	}

	@Test
	void aFlowFactoryWithAnUnknownQosProfileFailsStartUpNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("ouroboros.backend=embedded", "ouroboros.flows.echo.destination=oecho",
					"ouroboros.flows.echo.qos=platinum")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("ouroboros.flows.echo.qos")
				.hasMessageContaining("platinum"));
	}

	@Test
	void aFlowFactoryMayNameAPresetInsteadOfAProfile() {
		this.contextRunner
			.withPropertyValues("ouroboros.backend=embedded", "ouroboros.flows.echo.destination=oecho",
					"ouroboros.flows.echo.qos=best-effort")
			.run((context) -> assertThat(context.getBean("echoFlowFactory", FlowFactory.class).qos())
				.isEqualTo(QosSpec.BEST_EFFORT));
	}

	@Test
	void namesAreBoundAtStartAndUnboundAtShutdown() {
		Ouroboros[] seen = new Ouroboros[1];
		EmbeddedLayer layer = EmbeddedLayer.create();
		try {
			this.contextRunner.withBean(EmbeddedLayer.class, () -> layer)
				.withPropertyValues("ouroboros.backend=embedded", "ouroboros.embedded.isolated=false",
						"ouroboros.names.billing.load-balancing=spill", "ouroboros.names.audit.create=false")
				.run((context) -> {
					seen[0] = context.getBean(Ouroboros.class);
					assertThat(seen[0].boundNames()).containsExactlyInAnyOrder("billing", "audit");
					assertThat(layer.boundNames()).containsKeys("billing", "audit");
					assertThat(context.getBean(OuroborosNameBindings.class).getNames().get("billing").loadBalancing())
						.isEqualTo(LoadBalancing.SPILL);
				});
			assertThat(layer.boundNames()).isEmpty();
		}
		finally {
			layer.close();
		}
	}

	@Test
	void aMissingSecurityFileFailsStartUpNamingTheNameAndTheFile(@TempDir Path directory) {
		Path missing = directory.resolve("server.key");
		this.contextRunner
			.withPropertyValues("ouroboros.backend=embedded", "ouroboros.names.secure.create=true",
					"ouroboros.names.secure.server.key=" + missing)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("ouroboros.names.secure")
				.hasMessageContaining(missing.toString()));
	}

	@Test
	void securityFilesWithoutCreateFailStartUpSayingSo(@TempDir Path directory) throws Exception {
		Path key = java.nio.file.Files.writeString(directory.resolve("server.key"), "key");
		this.contextRunner
			.withPropertyValues("ouroboros.backend=embedded", "ouroboros.names.secure.server.key=" + key)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("ouroboros.names.secure")
				.hasMessageContaining("set create"));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnOuroborosConfiguration {

		@Bean(destroyMethod = "close")
		Ouroboros myOuroboros() {
			return EmbeddedLayer.create().newProcess("mine");
		}

	}

	static class EchoClient {

		final FlowFactory factory;

		final FlowTemplate template;

		EchoClient(@Qualifier("echo") FlowFactory factory, @Qualifier("echo") FlowTemplate template) {
			this.factory = factory;
			this.template = template;
		}

	}

}
