package rocks.ouroboros.spring.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import rocks.ouroboros.embedded.EmbeddedLayer;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.jna.NativeSettings;

/**
 * Auto-configuration of the {@link Ouroboros} bean (one process per application context, on the
 * backend {@code ouroboros.backend} chooses), the QoS profiles of {@code ouroboros.qos}, the flow
 * factories of {@code ouroboros.flows} and the names of {@code ouroboros.names}.
 * <p>
 * The embedded backend uses the shared in-JVM layer, or the {@link EmbeddedLayer} bean when
 * there is one ({@code ouroboros.embedded.isolated=true} makes a private one: handy in tests).
 */
@AutoConfiguration
@EnableConfigurationProperties(OuroborosProperties.class)
@Import({ NativeBackendConfiguration.class, FlowFactoriesRegistrar.class })
public final class OuroborosAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty("ouroboros.embedded.isolated")
	EmbeddedLayer ouroborosEmbeddedLayer() {
		return EmbeddedLayer.builder().name("isolated").build();
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	Ouroboros ouroboros(OuroborosProperties properties, ObjectProvider<EmbeddedLayer> embeddedLayer,
			ObjectProvider<NativeBackendAccess> nativeAccess) {
		OuroborosProperties.Native nativeProperties = properties.getNative();
		NativeSettings settings = new NativeSettings(nativeProperties.getLibraryDirectory(),
				nativeProperties.getIrmSocket(), nativeProperties.isReloadOnIrmdRestart());
		return new OuroborosBackendSelector(properties.getBackend(), settings, nativeAccess.getIfAvailable(), () -> {
			EmbeddedLayer layer = embeddedLayer.getIfAvailable();
			return (layer != null) ? layer.newProcess() : Ouroboros.embedded();
		}).open();
	}

	@Bean
	@ConditionalOnMissingBean
	QosProfiles ouroborosQosProfiles(OuroborosProperties properties) {
		return QosProfiles.of(properties.getQos());
	}

	@Bean
	@ConditionalOnMissingBean
	OuroborosNameBindings ouroborosNameBindings(Ouroboros ouroboros, OuroborosProperties properties) {
		return new OuroborosNameBindings(ouroboros, OuroborosNameBindings.fromProperties(properties.getNames()));
	}

}
