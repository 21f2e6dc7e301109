package dev.byok.testing.aws;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the test class against the JVM's shared local AWS (moto plus the bootstrapped resources); see
 * {@link LocalAwsExtension}. Test methods and constructors may take a {@link LocalAws} parameter.
 *
 * <p>With {@code @MicronautTest}, put {@code @WithLocalAws} first so the system properties are set before the
 * application context starts, or call {@link LocalAws#shared()} in a {@code TestPropertyProvider}.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(LocalAwsExtension.class)
public @interface WithLocalAws {
}
