package dev.hearth.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs a test method once per containerd to test against (see {@link ContainerdBinary#candidates()}): Debian's
 * (1.7 or 1.6) and the 2.x build. The method takes one {@link ContainerdBinary} parameter and starts it with
 * {@link Containerd#start(ContainerdBinary)}, which skips the invocation when that binary is not there.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@MethodSource("dev.hearth.it.ContainerdBinary#candidates")
public @interface AcrossContainerds {}
