package dev.hearth.launcher.js;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * One of the function's output streams (stdout or stderr). Each console call is one write and a
 * flush, so lines reach the FIFO (and `ctr run`) as they are logged. If the reader goes away
 * (EPIPE), the function keeps running and its further output is dropped; the first failure is
 * reported on the worker's own stderr (the daemon's log), never to the function.
 */
public final class FunctionOutput implements AutoCloseable {

    private final String name;
    private final OutputStream out;
    private boolean broken;

    public FunctionOutput(String name, OutputStream out) {
        this.name = name;
        this.out = out;
    }

    /** Output that goes nowhere: containerd gave no path for this stream. */
    public static FunctionOutput discard(String name) {
        return new FunctionOutput(name, OutputStream.nullOutputStream());
    }

    public String name() {
        return name;
    }

    /** The raw stream, for the engine's own rare messages. */
    public OutputStream stream() {
        return out;
    }

    public void write(String text) {
        if (broken) {
            return;
        }
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            broken = true;
            workerLog().println("hearth worker: function " + name + " is no longer writable, output dropped: " + e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            workerLog().println("hearth worker: closing function " + name + " failed: " + e);
        }
    }

    private static PrintStream workerLog() {
        return System.err;
    }
}
