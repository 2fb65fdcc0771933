package dev.hearth.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a class of end-to-end tests: they need root and the built distribution, so they run only
 * under {@code make test} and are skipped, saying why, anywhere else (e.g. a plain {@code mvn test}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("integration")
@ExtendWith(IntegrationCondition.class)
public @interface IntegrationTest {}
