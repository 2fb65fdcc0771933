package dev.hearth.launcher.http;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where and how a fetch handler is served.
 *
 * @param bind          the address to listen on (0.0.0.0 and $PORT by default)
 * @param grace         how long SIGTERM waits for in-flight requests and waitUntil work
 * @param stopTrigger   given the graceful stop once the server listens, to call when it is time;
 *                      by default SIGTERM calls it (workers, {@code hearth run}); tests that serve
 *                      inside a JVM that is not theirs call it themselves
 * @param onListening   told the bound address once the server accepts connections
 */
public record ServeSettings(InetSocketAddress bind, Duration grace, Consumer<Runnable> stopTrigger,
        Consumer<InetSocketAddress> onListening) {

    public static final int DEFAULT_PORT = 8080;
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);
    public static final String PORT_ENV = "PORT";
    public static final String GRACE_ENV = "HEARTH_GRACE_SECONDS";

    /**
     * From the function's environment: {@code PORT} (default 8080) and
     * {@code HEARTH_GRACE_SECONDS} (default 10; the worker's own environment is asked when the
     * function's does not say).
     *
     * @throws IllegalArgumentException naming the variable when a value is not a number in range
     */
    public static ServeSettings fromEnvironment(Map<String, String> env) {
        int port = DEFAULT_PORT;
        String portText = env.get(PORT_ENV);
        if (portText != null && !portText.isBlank()) {
            port = parse(PORT_ENV, portText, 0, 65535);
        }
        String graceText = env.getOrDefault(GRACE_ENV, System.getenv(GRACE_ENV));
        Duration grace = graceText == null || graceText.isBlank() ? DEFAULT_GRACE
                : Duration.ofSeconds(parse(GRACE_ENV, graceText, 0, 3600));
        return new ServeSettings(new InetSocketAddress("0.0.0.0", port), grace, TermSignal::onTerm, address -> { });
    }

    public ServeSettings withPort(int port) {
        return new ServeSettings(new InetSocketAddress(bind.getAddress(), port), grace, stopTrigger, onListening);
    }

    public ServeSettings withBind(InetSocketAddress address) {
        return new ServeSettings(address, grace, stopTrigger, onListening);
    }

    public ServeSettings withGrace(Duration value) {
        return new ServeSettings(bind, value, stopTrigger, onListening);
    }

    /** The graceful stop goes to {@code trigger} instead of SIGTERM. */
    public ServeSettings stoppedBy(Consumer<Runnable> trigger) {
        return new ServeSettings(bind, grace, trigger, onListening);
    }

    public ServeSettings onListening(Consumer<InetSocketAddress> listener) {
        return new ServeSettings(bind, grace, stopTrigger, listener);
    }

    private static int parse(String name, String text, int min, int max) {
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + "=" + text + " is not a number from " + min + " to " + max);
    }
}
