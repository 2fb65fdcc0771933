package dev.hearth.launcher.js;

import org.graalvm.polyglot.Value;

/**
 * A JS value nobody caught: thrown from a microtask, or a promise rejection left unhandled once
 * the microtasks of a task were drained. Stops the event loop; the function exits with 1.
 */
final class UncaughtJsError extends RuntimeException {

    private final transient Value reason;
    private final boolean inPromise;

    UncaughtJsError(Value reason, boolean inPromise) {
        super(inPromise ? "unhandled promise rejection" : "uncaught exception", null, false, false);
        this.reason = reason;
        this.inPromise = inPromise;
    }

    Value reason() {
        return reason;
    }

    boolean inPromise() {
        return inPromise;
    }
}
