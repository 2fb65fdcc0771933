package dev.hearth.launcher.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An HTTP/1.1 server on one selector thread ("hearth-http") that hands requests to a single
 * event loop. What the I/O thread produces in one round of the selector (new requests, body
 * bytes for waiting readers, closed connections) reaches the loop as one task; what the loop
 * produces during one task (response heads and bodies) is written at the end of that task, one
 * gathering write per connection. So a burst of pipelined or concurrent requests costs one
 * hand-over, not one per request, and no thread is created per request or connection.
 */
public final class HttpServer implements AutoCloseable {

    /** What the server asks of its user; called on the loop. */
    public interface Handler {
        void onRequest(Exchange exchange);
    }

    /**
     * How long a connection may wait for its client: between requests (keep-alive idle, as
     * nginx's keepalive_timeout) and in the middle of a request head.
     */
    public record Timeouts(Duration idle, Duration head) {
        public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(75), Duration.ofSeconds(30));
    }

    private static final long SWEEP_MILLIS = 250;

    private final Executor loop;
    private final Handler handler;
    private final Consumer<String> errorLog;
    private final Timeouts timeouts;
    private final Selector selector;
    private final ServerSocketChannel server;
    private final InetSocketAddress address;
    private final Thread ioThread;
    private final ConcurrentLinkedQueue<Runnable> ioTasks = new ConcurrentLinkedQueue<>();
    private final Set<HttpConnection> connections = new HashSet<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private int nextId = 1;
    private volatile boolean running = true;
    private boolean draining;
    private Runnable onDrained;

    // loop thread only
    private final List<HttpConnection> dirty = new ArrayList<>();
    private boolean flushQueued;

    /**
     * Binds and starts accepting.
     *
     * @param loop     runs tasks on the function's event loop, in order
     * @param errorLog where a line about a handler's broken response goes (the function's stderr)
     * @throws IOException when the address cannot be bound (in use, no permission)
     */
    public HttpServer(InetSocketAddress bind, Executor loop, Handler handler, Consumer<String> errorLog) throws IOException {
        this(bind, loop, handler, errorLog, Timeouts.DEFAULT);
    }

    HttpServer(InetSocketAddress bind, Executor loop, Handler handler, Consumer<String> errorLog, Timeouts timeouts)
            throws IOException {
        this.timeouts = timeouts;
        this.loop = loop;
        this.handler = handler;
        this.errorLog = errorLog;
        this.selector = Selector.open();
        try {
            this.server = ServerSocketChannel.open();
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(bind, 1024);
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            this.address = (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            selector.close();
            throw e;
        }
        this.ioThread = new Thread(this::ioLoop, "hearth-http");
        ioThread.setDaemon(true);
        ioThread.start();
    }

    /** The bound address (with the real port when 0 was asked for). */
    public InetSocketAddress address() {
        return address;
    }

    /** Requests received whose responses are not yet complete. */
    public int inFlight() {
        return inFlight.get();
    }

    /**
     * Stops accepting and closes connections as they become idle; {@code drained} runs (on the
     * I/O thread) once the last one is closed. Any thread; once.
     */
    public void drain(Runnable drained) {
        onIoThread(() -> {
            if (draining) {
                return;
            }
            draining = true;
            onDrained = drained;
            try {
                server.close();
            } catch (IOException ignored) {
                // the listening socket is going away either way
            }
            List<Runnable> loopWork = new ArrayList<>();
            for (HttpConnection c : List.copyOf(connections)) {
                c.drain(loopWork);
            }
            submitToLoop(loopWork);
            checkDrained();
        });
    }

    /** Closes everything at once. */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        if (Thread.currentThread() != ioThread) {
            try {
                ioThread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- for connections ---------------------------------------------------------------------

    Handler handler() {
        return handler;
    }

    int nextExchangeId() {
        int id = nextId++;
        if (nextId == Integer.MAX_VALUE) {
            nextId = 1;
        }
        return id;
    }

    void requestStarted() {
        inFlight.incrementAndGet();
    }

    void requestFinished() {
        inFlight.decrementAndGet();
    }

    void reportHandlerError(String line) {
        errorLog.accept(line);
    }

    /** Runs {@code task} on the I/O thread (soon, in order). */
    void onIoThread(Runnable task) {
        ioTasks.add(task);
        selector.wakeup();
    }

    void submitToLoop(List<Runnable> work) {
        if (work.isEmpty()) {
            return;
        }
        Runnable[] tasks = work.toArray(new Runnable[0]);
        work.clear();
        loop.execute(() -> {
            for (Runnable task : tasks) {
                task.run();
            }
        });
    }

    /** Loop: the connection has output to encode; flushed once the current loop task ends. */
    void markDirty(HttpConnection connection) {
        if (!connection.dirty) {
            connection.dirty = true;
            dirty.add(connection);
        }
        if (!flushQueued) {
            flushQueued = true;
            loop.execute(this::flushDirty);
        }
    }

    private void flushDirty() {
        flushQueued = false;
        for (int i = 0; i < dirty.size(); i++) { // a flush may mark more connections dirty
            HttpConnection c = dirty.get(i);
            c.dirty = false;
            c.flush();
        }
        dirty.clear();
    }

    void connectionClosed(HttpConnection connection) {
        onIoThread(() -> {
            connections.remove(connection);
            checkDrained();
        });
    }

    // ---- the I/O thread ------------------------------------------------------------------------

    private void ioLoop() {
        List<Runnable> loopWork = new ArrayList<>();
        long nextSweep = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SWEEP_MILLIS);
        try {
            while (running) {
                selector.select(SWEEP_MILLIS);
                long now = System.nanoTime();
                if (now - nextSweep >= 0) {
                    nextSweep = now + TimeUnit.MILLISECONDS.toNanos(SWEEP_MILLIS);
                    for (HttpConnection c : List.copyOf(connections)) {
                        if (c.timedOut(now, timeouts.idle().toNanos(), timeouts.head().toNanos())) {
                            c.closeNow(loopWork);
                        }
                    }
                }
                Runnable task;
                while ((task = ioTasks.poll()) != null) {
                    task.run();
                }
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    int ready;
                    try {
                        ready = key.readyOps();
                    } catch (CancelledKeyException e) {
                        continue; // closed meanwhile, by this thread or by the loop's flush
                    }
                    if ((ready & SelectionKey.OP_ACCEPT) != 0) {
                        accept();
                        continue;
                    }
                    // One snapshot of the ready set: the loop thread may close the channel (and so
                    // cancel its key) at any moment, and a closed channel's read or write fails
                    // into the connection's close, where asking the key would throw.
                    HttpConnection c = (HttpConnection) key.attachment();
                    if ((ready & SelectionKey.OP_WRITE) != 0) {
                        c.writable(loopWork);
                    }
                    if ((ready & SelectionKey.OP_READ) != 0 && key.isValid()) {
                        c.readable(loopWork);
                    }
                }
                submitToLoop(loopWork);
            }
        } catch (IOException e) {
            errorLog.accept("hearth: the HTTP server stopped: " + e);
        } catch (RuntimeException e) {
            errorLog.accept("hearth: the HTTP server failed: " + e);
            e.printStackTrace();
        } finally {
            closeAll();
        }
    }

    private void accept() {
        while (true) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                return; // e.g. EMFILE: the connection stays in the backlog; try on the next round
            }
            if (channel == null) {
                return;
            }
            try {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                HttpConnection c = new HttpConnection(this, channel);
                c.attach(channel.register(selector, SelectionKey.OP_READ, c));
                connections.add(c);
            } catch (IOException e) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // nothing was set up for it
                }
            }
        }
    }

    private void checkDrained() {
        if (draining && connections.isEmpty() && onDrained != null) {
            Runnable drained = onDrained;
            onDrained = null;
            drained.run();
        }
    }

    private void closeAll() {
        List<Runnable> loopWork = new ArrayList<>();
        for (HttpConnection c : List.copyOf(connections)) {
            c.closeNow(loopWork);
        }
        connections.clear();
        try {
            server.close();
            selector.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        submitToLoop(loopWork);
    }
}
