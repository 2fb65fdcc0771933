package dev.hearth.launcher.js;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The function's stdin, read by JS one chunk at a time ({@code process.stdin}, a ReadableStream
 * of Uint8Array): each {@link #read} asks a reader thread for up to 64 KiB and holds the event
 * loop until the bytes, the end or a failure come back on the loop thread, so a function that
 * reads stdin runs until its input ends, as under node, and one that never reads it does not
 * wait for it.
 *
 * <p>Nothing is opened before the first read: a container's stdin is a FIFO whose open blocks
 * until containerd's side (ctr, the CRI plugin) opens it for writing, and a function that never
 * reads its stdin must not wait for that, nor keep the FIFO's writer blocked on a reader that
 * will not come (the writer only waits, it is never left with a broken pipe).
 */
public final class FunctionInput implements AutoCloseable {

    private static final int CHUNK = 64 * 1024;

    /** Opens the input, on the reader thread. */
    @FunctionalInterface
    public interface Source {
        InputStream open() throws IOException;
    }

    private final String name;
    private final Source source; // null: an empty input
    private final boolean owned; // the stream is ours to close (not the terminal's)
    // loop thread:
    private Read pending;
    private volatile Thread reader;
    // reader thread (and close):
    private InputStream in;
    private volatile boolean closed;
    private final Object handOver = new Object();
    private Read next;

    private record Read(EventLoop loop, EventLoop.Hold hold, Consumer<byte[]> onChunk, Consumer<String> onError) {}

    private FunctionInput(String name, Source source, boolean owned) {
        this.name = name;
        this.source = source;
        this.owned = owned;
    }

    /** An input that is at its end from the start: the container has no stdin. */
    public static FunctionInput empty() {
        return new FunctionInput("stdin", null, false);
    }

    /** The container's stdin as containerd passes it: a FIFO path, or "" for none. */
    public static FunctionInput ofPath(String path) {
        if (path == null || path.isEmpty()) {
            return empty();
        }
        return new FunctionInput("stdin " + path, () -> new FileInputStream(path), true);
    }

    /** An input already open ({@code hearth run}: the terminal's stdin). */
    public static FunctionInput of(String name, InputStream in) {
        return new FunctionInput(name, () -> in, false);
    }

    /**
     * Delivers the next chunk to {@code onChunk}, or {@code null} to it at the end, or a message
     * to {@code onError}; both run on the loop thread. Loop thread; one read at a time.
     */
    public void read(EventLoop loop, Consumer<byte[]> onChunk, Consumer<String> onError) {
        if (pending != null) {
            onError.accept("a read of stdin is already in progress");
            return;
        }
        if (source == null || closed) {
            onChunk.accept(null);
            return;
        }
        Read read = new Read(loop, loop.hold(), onChunk, onError);
        pending = read;
        synchronized (handOver) {
            next = read;
            handOver.notifyAll();
        }
        if (reader == null) {
            // A platform daemon thread: it may block in open() or read() for the function's whole
            // life, and the worker ends without waiting for it.
            reader = Thread.ofPlatform().daemon().name("hearth-stdin").start(this::readLoop);
        }
    }

    /** Stops reading: a pending read ends as the end of the input and stops holding the loop. Loop thread. */
    public void cancel() {
        close();
        Read read = pending;
        if (read != null) {
            pending = null;
            read.hold().release();
            read.onChunk().accept(null);
        }
    }

    private void readLoop() {
        try {
            readUntilClosed();
        } finally {
            if (owned && in != null) {
                try {
                    in.close();
                } catch (IOException e) {
                    // nothing to tell: the function stopped reading
                }
            }
        }
    }

    private void readUntilClosed() {
        while (true) {
            Read read;
            synchronized (handOver) {
                while (next == null && !closed) {
                    try {
                        handOver.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                read = next;
                next = null;
            }
            byte[] chunk;
            String failure = null;
            try {
                if (in == null) {
                    in = source.open();
                }
                byte[] buffer = new byte[CHUNK];
                int n = in.read(buffer);
                chunk = n < 0 ? null : Arrays.copyOf(buffer, n);
            } catch (IOException e) {
                chunk = null;
                failure = "cannot read " + name + ": " + e.getMessage();
            }
            byte[] delivered = chunk;
            String failed = failure;
            read.loop().submit(() -> deliver(read, delivered, failed));
        }
    }

    private void deliver(Read read, byte[] chunk, String failure) {
        if (pending != read) {
            return; // cancelled meanwhile
        }
        pending = null;
        try {
            if (failure != null) {
                read.onError().accept(failure);
            } else {
                read.onChunk().accept(chunk);
            }
        } finally {
            read.hold().release();
        }
    }

    /**
     * Stops the reader: it ends at its next turn. A read blocked in the kernel stays blocked (a
     * FIFO read is not interrupted); its thread is a daemon and dies with the process.
     */
    @Override
    public void close() {
        closed = true;
        synchronized (handOver) {
            handOver.notifyAll();
        }
        Thread thread = reader;
        if (thread != null) {
            thread.interrupt(); // for an input that can be interrupted
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
