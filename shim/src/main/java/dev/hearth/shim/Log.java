package dev.hearth.shim;

import java.io.PrintStream;
import java.time.Instant;

/**
 * A minimal structured logger: one logfmt line per event on stderr, which is the daemon's log
 * file. Never stdout: the shim's stdout belongs to containerd's start/delete contract.
 *
 * <pre>time=2026-01-01T00:00:00Z level=warn component=ttrpc msg="..." key=value</pre>
 */
public final class Log {
    private static final PrintStream OUT = System.err;

    private final String component;

    private Log(String component) {
        this.component = component;
    }

    public static Log forComponent(String component) {
        return new Log(component);
    }

    public void debug(String message, Object... keyValues) {
        if (Boolean.getBoolean("hearth.debug")) {
            write("debug", message, keyValues);
        }
    }

    public void info(String message, Object... keyValues) {
        write("info", message, keyValues);
    }

    public void warn(String message, Object... keyValues) {
        write("warn", message, keyValues);
    }

    public void error(String message, Object... keyValues) {
        write("error", message, keyValues);
    }

    private void write(String level, String message, Object[] keyValues) {
        StringBuilder line = new StringBuilder(128)
                .append("time=").append(Instant.now())
                .append(" level=").append(level)
                .append(" component=").append(component)
                .append(" msg=").append(quote(message));
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            line.append(' ').append(keyValues[i]).append('=').append(quote(String.valueOf(keyValues[i + 1])));
        }
        // One println per line so concurrent threads never interleave within a line.
        OUT.println(line);
    }

    static String quote(String value) {
        boolean plain = !value.isEmpty();
        for (int i = 0; i < value.length() && plain; i++) {
            char c = value.charAt(i);
            plain = c > ' ' && c != '"' && c != '=' && c != '\\' && c < 127;
        }
        if (plain) {
            return value;
        }
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
