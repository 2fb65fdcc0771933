package dev.hearth.launcher;

import dev.hearth.launcher.protocol.ControlChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A worker JVM that has booted and said hello, not yet given a function: its process, its
 * control connection and the tail of its own output.
 */
record BootedWorker(Process process, ControlChannel control, OutputTail output) {

    long pid() {
        return process.pid();
    }

    /** What the worker last said on its own stderr, once it is gone (for error messages). */
    String lastOutput() {
        return output.tail(Duration.ofSeconds(2));
    }

    /** SIGKILL, drop the connection, and wait (briefly) until the process is really gone. */
    void kill() {
        control.closeQuietly();
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
