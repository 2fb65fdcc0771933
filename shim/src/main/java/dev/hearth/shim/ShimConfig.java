package dev.hearth.shim;

import dev.hearth.launcher.JitMode;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Daemon settings, from a JSON file and from the environment. containerd passes its own
 * environment to the shim, so the variables are containerd's (or whoever runs the shim); a
 * variable wins over the file's key.
 *
 * <table>
 *   <tr><th>variable</th><th>file key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>HEARTH_IDLE_SECONDS</td><td>idleSeconds</td><td>300</td><td>how long the daemon stays
 *       up with no task and no connection (it holds the warm pool)</td></tr>
 *   <tr><td>HEARTH_POOL_SIZE</td><td>poolSize</td><td>2</td><td>warm workers kept parked; 0: none</td></tr>
 *   <tr><td>HEARTH_POOL_REFILL_DELAY_MS</td><td>poolRefillDelayMillis</td><td>250</td><td>quiet time
 *       after a claim before the pool boots a replacement</td></tr>
 *   <tr><td>HEARTH_WORKER_HEAP_MB</td><td>workerHeapMiB</td><td>128</td><td>heap of a function whose
 *       container has no memory limit (others get their limit less the worker's overhead)</td></tr>
 *   <tr><td>HEARTH_WORKER_JAVA_OPTS</td><td>workerJavaOptions</td><td>none</td><td>extra worker JVM
 *       options (space-separated in the variable, a list of strings in the file)</td></tr>
 *   <tr><td>HEARTH_JIT</td><td>jit</td><td>off</td><td>{@code graal}: workers compile hot JavaScript
 *       with the Graal compiler (no AOT cache then); {@code off}: interpreter only</td></tr>
 * </table>
 *
 * The file is {@code /etc/hearth/config.json}, or {@code HEARTH_CONFIG}; a missing default file
 * is no error, a missing file named by {@code HEARTH_CONFIG} is.
 */
public record ShimConfig(Duration idle, int poolSize, Duration poolRefillDelay, int workerHeapMiB,
                         List<String> workerJavaOptions, JitMode jit) {
    static final Duration DEFAULT_IDLE = Duration.ofSeconds(300);
    static final int DEFAULT_POOL_SIZE = 2;
    static final Duration DEFAULT_REFILL_DELAY = Duration.ofMillis(250);
    static final int DEFAULT_HEAP_MIB = 128;
    static final Path DEFAULT_FILE = Path.of("/etc/hearth/config.json");
    private static final int MAX_POOL_SIZE = 256;

    public ShimConfig {
        workerJavaOptions = List.copyOf(workerJavaOptions);
    }

    public static ShimConfig defaults() {
        return new ShimConfig(DEFAULT_IDLE, DEFAULT_POOL_SIZE, DEFAULT_REFILL_DELAY, DEFAULT_HEAP_MIB, List.of(), JitMode.OFF);
    }

    /** The file named by HEARTH_CONFIG (or the default file when it exists), then the environment over it. */
    public static ShimConfig fromEnvironment(Map<String, String> env) {
        String named = env.get("HEARTH_CONFIG");
        Path file = named == null || named.isBlank() ? DEFAULT_FILE : Path.of(named.trim());
        ShimConfig config;
        try {
            config = fromFile(file, defaults());
        } catch (NoSuchFileException e) {
            if (file.equals(DEFAULT_FILE)) {
                config = defaults();
            } else {
                throw new IllegalArgumentException("HEARTH_CONFIG names " + file + ", which does not exist");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the hearth config " + file + ": " + e.getMessage());
        }
        return config.withEnvironment(env);
    }

    /** {@code base} with the keys of the JSON object in {@code file}; unknown keys are errors (typos). */
    static ShimConfig fromFile(Path file, ShimConfig base) throws IOException {
        String json = Files.readString(file);
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + " must hold a JSON object");
        }
        Duration idle = base.idle;
        int poolSize = base.poolSize;
        Duration refill = base.poolRefillDelay;
        int heap = base.workerHeapMiB;
        List<String> options = base.workerJavaOptions;
        JitMode jit = base.jit;
        for (Iterator<Map.Entry<String, JsonNode>> it = root.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String where = file + ": \"" + field.getKey() + "\"";
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "idleSeconds" -> idle = Duration.ofSeconds(wholeNumber(where, value, 0, Long.MAX_VALUE / 1000));
                case "poolSize" -> poolSize = (int) wholeNumber(where, value, 0, MAX_POOL_SIZE);
                case "poolRefillDelayMillis" -> refill = Duration.ofMillis(wholeNumber(where, value, 0, 3_600_000));
                case "workerHeapMiB" -> heap = (int) wholeNumber(where, value, 16, 1 << 20);
                case "workerJavaOptions" -> {
                    if (!value.isArray()) {
                        throw new IllegalArgumentException(where + " must be a list of strings, e.g. [\"-XX:+UseSerialGC\"]");
                    }
                    List<String> list = new ArrayList<>();
                    for (JsonNode option : value) {
                        if (!option.isTextual() || option.asText().isBlank()) {
                            throw new IllegalArgumentException(where + " must hold non-empty strings, found " + option);
                        }
                        list.add(option.asText());
                    }
                    options = list;
                }
                case "jit" -> {
                    if (!value.isTextual()) {
                        throw new IllegalArgumentException(where + " must be \"graal\" or \"off\", got " + value);
                    }
                    jit = jitMode(where, value.asText());
                }
                default -> throw new IllegalArgumentException(file + ": unknown key \"" + field.getKey()
                        + "\" (known: idleSeconds, poolSize, poolRefillDelayMillis, workerHeapMiB, workerJavaOptions, jit)");
            }
        }
        return new ShimConfig(idle, poolSize, refill, heap, options, jit);
    }

    private static JitMode jitMode(String where, String value) {
        try {
            return JitMode.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + " must be \"graal\" or \"off\", got \"" + value + "\"");
        }
    }

    private static long wholeNumber(String where, JsonNode value, long min, long max) {
        if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
            throw new IllegalArgumentException(where + " must be a whole number from " + min + " to " + max + ", got " + value);
        }
        return value.asLong();
    }

    /** This config with the HEARTH_* variables of {@code env} over it. */
    ShimConfig withEnvironment(Map<String, String> env) {
        Duration idle = this.idle;
        int poolSize = this.poolSize;
        Duration refill = this.poolRefillDelay;
        int heap = this.workerHeapMiB;
        List<String> options = this.workerJavaOptions;
        JitMode jit = this.jit;
        String s;
        if ((s = value(env, "HEARTH_IDLE_SECONDS")) != null) {
            idle = Duration.ofSeconds(number("HEARTH_IDLE_SECONDS", s, "a whole number of seconds", 0, Long.MAX_VALUE / 1000));
        }
        if ((s = value(env, "HEARTH_POOL_SIZE")) != null) {
            poolSize = (int) number("HEARTH_POOL_SIZE", s, "a number of workers", 0, MAX_POOL_SIZE);
        }
        if ((s = value(env, "HEARTH_POOL_REFILL_DELAY_MS")) != null) {
            refill = Duration.ofMillis(number("HEARTH_POOL_REFILL_DELAY_MS", s, "a number of milliseconds", 0, 3_600_000));
        }
        if ((s = value(env, "HEARTH_WORKER_HEAP_MB")) != null) {
            heap = (int) number("HEARTH_WORKER_HEAP_MB", s, "a number of MiB", 16, 1 << 20);
        }
        if ((s = value(env, "HEARTH_WORKER_JAVA_OPTS")) != null) {
            options = Arrays.stream(s.trim().split("\\s+")).toList();
        }
        if ((s = value(env, JitMode.ENV)) != null) {
            jit = JitMode.parse(s); // its message names the variable
        }
        return new ShimConfig(idle, poolSize, refill, heap, options, jit);
    }

    private static String value(Map<String, String> env, String name) {
        String s = env.get(name);
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static long number(String name, String s, String what, long min, long max) {
        long n;
        try {
            n = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be " + what + ", got \"" + s + "\"");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(name + " must be " + what + " from " + min + " to " + max + ", got " + n);
        }
        return n;
    }
}
