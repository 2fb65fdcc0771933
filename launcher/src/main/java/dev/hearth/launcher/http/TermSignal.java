package dev.hearth.launcher.http;

import sun.misc.Signal;

/**
 * Takes SIGTERM over from the JVM. By default the JVM answers SIGTERM by running shutdown hooks
 * and exiting 143, which is right for a script but would cut a server's in-flight requests; a
 * serving function wants to drain first. The handler runs on the JVM's signal thread and only
 * starts the drain, so it can never wait on the event loop (no deadlock with a loop busy in JS).
 */
final class TermSignal {

    private TermSignal() {}

    static void onTerm(Runnable action) {
        Signal.handle(new Signal("TERM"), signal -> action.run());
    }
}
