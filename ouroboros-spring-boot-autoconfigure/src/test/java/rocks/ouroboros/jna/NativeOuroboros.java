package rocks.ouroboros.jna;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks tests that need real Ouroboros: they run only when the libraries are installed and irmd
 * answers, else they are skipped and one line says why. No test may hang: 60 s at most each.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(NativeOuroborosCondition.class)
@Tag("native")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public @interface NativeOuroboros {
}
