package rocks.ouroboros.spring.autoconfigure;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionBuilder;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

import rocks.ouroboros.flow.FlowFlag;
import rocks.ouroboros.flow.Names;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.spring.core.FlowFactory;
import rocks.ouroboros.spring.core.FlowTemplate;

/**
 * Registers a {@link FlowFactory} bean {@code <id>FlowFactory} and a {@link FlowTemplate} bean
 * {@code <id>FlowTemplate} for each {@code ouroboros.flows.<id>}, both with the qualifier
 * {@code <id>}, so that {@code @Qualifier("<id>") FlowFactory} and
 * {@code @Qualifier("<id>") FlowTemplate} inject them. A missing or invalid destination fails
 * start-up naming its property; beans of the same name that the application defines win.
 */
class FlowFactoriesRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware, BeanFactoryAware {

	private @Nullable Environment environment;

	private @Nullable BeanFactory beanFactory;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		Environment environment = this.environment;
		BeanFactory beanFactory = this.beanFactory;
		if (environment == null || beanFactory == null) {
			return;
		}
		Map<String, OuroborosProperties.FlowClient> flows = Binder.get(environment)
			.bind("ouroboros.flows", Bindable.mapOf(String.class, OuroborosProperties.FlowClient.class))
			.orElse(Map.of());
		flows.forEach((id, client) -> {
			check(id, client);
			String factoryName = id + "FlowFactory";
			if (!registry.containsBeanDefinition(factoryName)) {
				AbstractBeanDefinition factory = BeanDefinitionBuilder
					.rootBeanDefinition(FlowFactory.class, () -> flowFactory(beanFactory, id, client))
					.getBeanDefinition();
				factory.addQualifier(new AutowireCandidateQualifier(Qualifier.class, id));
				registry.registerBeanDefinition(factoryName, factory);
			}
			String templateName = id + "FlowTemplate";
			if (!registry.containsBeanDefinition(templateName)) {
				AbstractBeanDefinition template = BeanDefinitionBuilder
					.rootBeanDefinition(FlowTemplate.class,
							() -> new FlowTemplate(beanFactory.getBean(factoryName, FlowFactory.class)))
					.getBeanDefinition();
				template.addQualifier(new AutowireCandidateQualifier(Qualifier.class, id));
				registry.registerBeanDefinition(templateName, template);
			}
		});
	}

	private static void check(String id, OuroborosProperties.FlowClient client) {
		String prefix = "ouroboros.flows." + id;
		String destination = client.getDestination();
		if (destination == null || destination.isBlank()) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".destination", destination,
					"Every flow factory needs the name to allocate flows to");
		}
		try {
			Names.requireValid(destination, "destination");
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".destination", destination, ex.getMessage());
		}
		checkTimeout(prefix + ".alloc-timeout", client.getAllocTimeout());
		checkTimeout(prefix + ".read-timeout", client.getReadTimeout());
		checkTimeout(prefix + ".write-timeout", client.getWriteTimeout());
		long modes = client.getFlags().stream().filter(FlowFlag::isAccessMode).count();
		if (modes > 1) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".flags", client.getFlags(),
					"Give at most one access mode (READ_ONLY, WRITE_ONLY or READ_WRITE)");
		}
	}

	private static void checkTimeout(String property, @Nullable Duration timeout) {
		if (timeout != null && timeout.isNegative()) {
			throw new InvalidConfigurationPropertyValueException(property, timeout,
					"It must not be negative; 0 means do not wait, and leaving it unset means no timeout");
		}
	}

	private static FlowFactory flowFactory(BeanFactory beanFactory, String id, OuroborosProperties.FlowClient client) {
		QosProfiles profiles = beanFactory.getBean(QosProfiles.class);
		String destination = client.getDestination();
		if (destination == null) {
			throw new IllegalStateException("ouroboros.flows." + id + ".destination is not set");
		}
		return new FlowFactory(beanFactory.getBean(Ouroboros.class), destination,
				profiles.get(client.getQos(), "ouroboros.flows." + id + ".qos"), client.getAllocTimeout(),
				client.getReadTimeout(), client.getWriteTimeout(), client.getFlags());
	}

}
