package dev.hearth.launcher.js;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A test of the JS runtime: a fresh bundle directory and {@link JsFixture} over it for each test. */
abstract class JsTest {

    @TempDir
    Path rootfs;
    JsFixture js;

    @BeforeEach
    void newFixture() {
        js = new JsFixture(rootfs);
    }
}
