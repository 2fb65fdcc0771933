package dev.hearth.shim;

import java.time.Duration;
import java.util.Map;

/**
 * Daemon settings. containerd passes its own environment to the shim, so these are
 * environment variables of containerd (or of whoever runs the shim):
 * <ul>
 *   <li>{@code HEARTH_IDLE_SECONDS}: how long the daemon stays up with no task and no
 *       connection before it exits (default 300). It holds the warm runtime, so a longer idle
 *       period means fewer cold starts.</li>
 * </ul>
 */
public record ShimConfig(Duration idle) {
    static final Duration DEFAULT_IDLE = Duration.ofSeconds(300);

    public static ShimConfig fromEnvironment(Map<String, String> env) {
        Duration idle = DEFAULT_IDLE;
        String s = env.get("HEARTH_IDLE_SECONDS");
        if (s != null && !s.isBlank()) {
            try {
                idle = Duration.ofSeconds(Long.parseLong(s.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("HEARTH_IDLE_SECONDS must be a whole number of seconds, got \"" + s + "\"");
            }
            if (idle.isNegative()) throw new IllegalArgumentException("HEARTH_IDLE_SECONDS must not be negative, got " + s);
        }
        return new ShimConfig(idle);
    }
}
