package dev.hearth.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * Follows a worker's own stdout+stderr (JVM messages, boot failures; never the function's
 * console): every line goes to the daemon's log, and the last few are kept for error messages
 * such as "worker exited during boot".
 */
final class OutputTail {

    private static final int KEPT_LINES = 20;

    private final Deque<String> last = new ArrayDeque<>();
    private final Thread reader;

    private OutputTail(InputStream output, String prefix, Consumer<String> log) {
        // A platform thread: reading a pipe pins a virtual thread's carrier for as long as it blocks.
        this.reader = Thread.ofPlatform().daemon().name("hearth-worker-output").start(() -> readLines(output, prefix, log));
    }

    static OutputTail follow(InputStream output, String prefix, Consumer<String> log) {
        return new OutputTail(output, prefix, log);
    }

    /** The last lines seen, waiting up to {@code grace} for the stream to end (process gone). */
    String tail(Duration grace) {
        try {
            reader.join(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (last) {
            return last.isEmpty() ? "(no output)" : String.join("\n", last);
        }
    }

    private void readLines(InputStream output, String prefix, Consumer<String> log) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                log.accept(prefix + line);
                synchronized (last) {
                    if (last.size() == KEPT_LINES) {
                        last.removeFirst();
                    }
                    last.addLast(line);
                }
            }
        } catch (IOException e) {
            log.accept(prefix + "(output unreadable: " + e + ")");
        }
    }
}
