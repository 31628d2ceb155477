package rocks.ouroboros.spring.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.jna.Availability;
import rocks.ouroboros.jna.NativeBackend;
import rocks.ouroboros.jna.NativeSettings;

/**
 * The native backend, configured only when JNA is on the class path so that applications
 * without JNA never load it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "com.sun.jna.Native")
class NativeBackendConfiguration {

	@Bean
	@ConditionalOnMissingBean
	NativeBackendAccess ouroborosNativeBackendAccess() {
		return new JnaBackendAccess();
	}

	/** {@link NativeBackend} behind the selector's view. */
	static final class JnaBackendAccess implements NativeBackendAccess {

		@Override
		public @Nullable String unusableReason(NativeSettings settings) {
			Availability availability = NativeBackend.probe(settings);
			return availability.usable() ? null : availability.reason();
		}

		@Override
		public Ouroboros open(NativeSettings settings) {
			return NativeBackend.open(settings);
		}

	}

}
