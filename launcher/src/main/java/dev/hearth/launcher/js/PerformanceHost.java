package dev.hearth.launcher.js;

import java.time.Instant;
import java.util.Map;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * Host half of performance.js: the clock of {@code performance.now()} and the processor count of
 * {@code navigator.hardwareConcurrency}. The time origin is when the runtime was bound to its
 * container ({@link FunctionRuntime#bind}), not when a pool worker made its context.
 */
final class PerformanceHost implements HostApi {

    @Override
    public void install(Map<String, Object> host, FunctionRuntime runtime) {
        host.put("performance.now", (ProxyExecutable) args -> (System.nanoTime() - runtime.originNanos()) / 1_000_000.0);
        host.put("performance.timeOrigin", (ProxyExecutable) args -> {
            Instant origin = runtime.origin();
            return origin.getEpochSecond() * 1000.0 + origin.getNano() / 1_000_000.0;
        });
        // Functions, read when the function asks, not at worker boot: by then the worker is in
        // the container's cgroup, whose CPU limit the JVM's count reflects.
        host.put("navigator.hardwareConcurrency", (ProxyExecutable) args -> Runtime.getRuntime().availableProcessors());
    }
}
