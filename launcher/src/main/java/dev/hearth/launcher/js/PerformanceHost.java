package dev.hearth.launcher.js;

import java.time.Instant;
import java.util.Map;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * Host half of performance.js: the clock of {@code performance.now()} and the processor count of
 * {@code navigator.hardwareConcurrency}. The time origin is when the function's runtime was made.
 */
final class PerformanceHost implements HostApi {

    @Override
    public void install(Map<String, Object> host, FunctionRuntime runtime) {
        long originNanos = System.nanoTime();
        Instant origin = Instant.now();
        host.put("performance.now", (ProxyExecutable) args -> (System.nanoTime() - originNanos) / 1_000_000.0);
        host.put("performance.timeOrigin", origin.getEpochSecond() * 1000.0 + origin.getNano() / 1_000_000.0);
        // Read when the function starts, not at worker boot: by then the worker is in the
        // container's cgroup, whose CPU limit the JVM's count reflects.
        host.put("navigator.hardwareConcurrency", Runtime.getRuntime().availableProcessors());
    }
}
