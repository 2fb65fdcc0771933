package dev.hearth.shim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hearth.launcher.JitMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShimConfigTest {
    @TempDir
    Path tmp;

    private Map<String, String> env(String... kv) {
        Map<String, String> env = new java.util.HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            env.put(kv[i], kv[i + 1]);
        }
        return env;
    }

    private String config(String json) throws IOException {
        return Files.writeString(tmp.resolve("config.json"), json).toString();
    }

    private static String error(Map<String, String> env) {
        return assertThrows(IllegalArgumentException.class, () -> ShimConfig.fromEnvironment(env)).getMessage();
    }

    @Test
    void environmentValues() {
        ShimConfig config = ShimConfig.defaults().withEnvironment(env("HEARTH_POOL_SIZE", "4", "HEARTH_WORKER_HEAP_MB", "256",
                "HEARTH_WORKER_JAVA_OPTS", " -Xss4m  -XX:+UseSerialGC ", "HEARTH_IDLE_SECONDS", "30", "HEARTH_POOL_REFILL_DELAY_MS", "0"));
        assertEquals(new ShimConfig(Duration.ofSeconds(30), 4, Duration.ZERO, 256, List.of("-Xss4m", "-XX:+UseSerialGC"), JitMode.OFF), config);
    }

    @Test
    void defaultsSuitASmallHost() {
        assertEquals(new ShimConfig(Duration.ofSeconds(300), 2, Duration.ofMillis(250), 128, List.of(), JitMode.OFF),
                ShimConfig.defaults().withEnvironment(env("HEARTH_POOL_SIZE", " ")));
    }

    @Test
    void fileKeysWithTheEnvironmentOverThem() throws IOException {
        String file = config("{\"poolSize\": 3, \"workerHeapMiB\": 64, \"workerJavaOptions\": [\"-Xss4m\"], \"idleSeconds\": 60}");
        ShimConfig config = ShimConfig.fromEnvironment(env("HEARTH_CONFIG", file, "HEARTH_POOL_SIZE", "1"));
        assertEquals(new ShimConfig(Duration.ofSeconds(60), 1, Duration.ofMillis(250), 64, List.of("-Xss4m"), JitMode.OFF), config);
    }

    @Test
    void theJitModeComesFromTheFileOrHearthJit() throws IOException {
        String file = config("{\"jit\": \"graal\"}");
        assertEquals(JitMode.GRAAL, ShimConfig.fromEnvironment(env("HEARTH_CONFIG", file)).jit());
        assertEquals(JitMode.OFF, ShimConfig.fromEnvironment(env("HEARTH_CONFIG", file, "HEARTH_JIT", "off")).jit());
        assertEquals("HEARTH_JIT=fast is not one of graal, off", error(env("HEARTH_JIT", "fast")));
        String bad = config("{\"jit\": true}");
        assertEquals(bad + ": \"jit\" must be \"graal\" or \"off\", got true", error(env("HEARTH_CONFIG", bad)));
    }

    @Test
    void badEnvironmentValuesNameTheVariable() {
        assertEquals("HEARTH_POOL_SIZE must be a number of workers, got \"two\"", error(env("HEARTH_POOL_SIZE", "two")));
        assertEquals("HEARTH_POOL_SIZE must be a number of workers from 0 to 256, got -1", error(env("HEARTH_POOL_SIZE", "-1")));
        assertEquals("HEARTH_WORKER_HEAP_MB must be a number of MiB from 16 to 1048576, got 8", error(env("HEARTH_WORKER_HEAP_MB", "8")));
        assertEquals("HEARTH_IDLE_SECONDS must be a whole number of seconds, got \"1.5\"", error(env("HEARTH_IDLE_SECONDS", "1.5")));
    }

    @Test
    void badFilesNameTheFileAndKey() throws IOException {
        String file = config("{\"poolsize\": 3}");
        assertEquals(file + ": unknown key \"poolsize\" (known: idleSeconds, poolSize, poolRefillDelayMillis, workerHeapMiB, workerJavaOptions, jit)",
                error(env("HEARTH_CONFIG", file)));
        config("{\"poolSize\": \"3\"}");
        assertEquals(file + ": \"poolSize\" must be a whole number from 0 to 256, got \"3\"", error(env("HEARTH_CONFIG", file)));
        config("{\"workerJavaOptions\": \"-Xss4m\"}");
        assertEquals(file + ": \"workerJavaOptions\" must be a list of strings, e.g. [\"-XX:+UseSerialGC\"]", error(env("HEARTH_CONFIG", file)));
        config("[1]");
        assertEquals(file + " must hold a JSON object", error(env("HEARTH_CONFIG", file)));
        config("{\"poolSize\": ");
        assertEquals(true, error(env("HEARTH_CONFIG", file)).startsWith(file + " is not valid JSON: "));
        assertEquals("HEARTH_CONFIG names " + tmp.resolve("nope.json") + ", which does not exist",
                error(env("HEARTH_CONFIG", tmp.resolve("nope.json").toString())));
    }
}
