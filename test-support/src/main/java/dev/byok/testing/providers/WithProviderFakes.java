package dev.byok.testing.providers;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Test methods, lifecycle methods and constructors may take {@link AnthropicFake}, {@link OpenAiFake} or
 * {@link GeminiFake} parameters (one instance of each per JVM, reset after every test); see
 * {@link ProviderFakesExtension}.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ProviderFakesExtension.class)
public @interface WithProviderFakes {
}
