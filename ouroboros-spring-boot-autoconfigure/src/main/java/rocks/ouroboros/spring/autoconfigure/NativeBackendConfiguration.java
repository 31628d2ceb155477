package rocks.ouroboros.spring.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Configuration;

/**
 * The native backend, configured only when JNA is on the class path so that applications
 * without JNA never load it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "com.sun.jna.Native")
class NativeBackendConfiguration {

}
