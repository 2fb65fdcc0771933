package dev.hearth.shim.ttrpc;

import dev.hearth.shim.Log;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A ttrpc server on a unix-domain socket.
 *
 * <p>Each connection has a reader thread; each request on it is served on its own virtual
 * thread, because containerd keeps a blocking Wait on a task's connection while it sends the
 * task's other calls on the same connection. Responses are written whole, one at a time.
 * Bad input (unknown methods, undecodable payloads, oversized frames, handler failures) is
 * answered with a status; a header that is not ttrpc closes only that connection.
 */
public final class TtrpcServer implements AutoCloseable {
    private static final Log LOG = Log.forComponent("ttrpc-server");

    private final Path socket;
    private final Map<String, MethodBinding<?, ?>> methods = new ConcurrentHashMap<>();
    private final Set<ServerConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger liveConnections = new AtomicInteger();
    private final CopyOnWriteArrayList<Runnable> openedListeners = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Runnable> closedListeners = new CopyOnWriteArrayList<>();
    private volatile ServerSocketChannel listener;
    private volatile boolean closed;
    private Thread acceptThread;
    /** Identity (device and inode) of the socket file we bound, so close() never unlinks another server's. */
    private Object socketFileKey;

    public TtrpcServer(Path socket) {
        this.socket = Objects.requireNonNull(socket, "socket");
    }

    /** Serves {@code service}/{@code method} (e.g. "containerd.task.v2.Task", "Create") with the handler. */
    public <Req extends Message, Resp extends Message> void register(
            String service, String method, Parser<Req> parser, Handler<Req, Resp> handler) {
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(handler, "handler");
        MethodBinding<?, ?> previous = methods.putIfAbsent(key(service, method), new MethodBinding<>(parser, handler));
        if (previous != null) {
            throw new IllegalStateException("ttrpc method " + service + "/" + method + " is already registered");
        }
    }

    /**
     * Runs {@code listener} after each client connection opens (the count is already updated),
     * on the server's accept thread: keep it short.
     */
    public void onConnectionOpened(Runnable listener) {
        openedListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Runs {@code listener} after each client connection closed (the count is already updated). */
    public void onConnectionClosed(Runnable listener) {
        closedListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Client connections open right now. */
    public int liveConnections() {
        return liveConnections.get();
    }

    public Path socket() {
        return socket;
    }

    /**
     * Binds the socket and starts accepting. When this returns, clients can connect. A socket
     * file left behind by a dead server is removed; one a live server still answers on is not.
     */
    public synchronized void start() throws IOException {
        if (listener != null || closed) {
            throw new IllegalStateException("ttrpc server on " + socket + (closed ? " is closed" : " was already started"));
        }
        removeStaleSocket();
        Path parent = socket.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot listen on " + socket + ": " + e.getMessage(), e);
        }
        listener = channel;
        socketFileKey = fileKey(socket);
        acceptThread = Thread.ofPlatform().name("ttrpc-accept").daemon(true).start(this::acceptLoop);
        LOG.info("listening", "socket", socket);
    }

    /**
     * Stops accepting, closes every connection and removes the socket file unless it was
     * already replaced by another server's. Idempotent.
     */
    @Override
    public void close() {
        Thread accepting;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            accepting = acceptThread;
        }
        ServerSocketChannel channel = listener;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.warn("closing listener failed", "socket", socket, "error", e.getMessage());
            }
            removeOwnSocketFile();
        }
        for (ServerConnection connection : connections) {
            connection.close();
        }
        if (accepting != null) {
            try {
                accepting.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    MethodBinding<?, ?> lookup(String service, String method) {
        return methods.get(key(service, method));
    }

    boolean hasService(String service) {
        String prefix = service + "/";
        return methods.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }

    void connectionClosed(ServerConnection connection) {
        if (connections.remove(connection)) {
            liveConnections.decrementAndGet();
            closedListeners.forEach(TtrpcServer::notifySafely);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel client;
            try {
                client = listener.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                // accept fails transiently (e.g. EMFILE); keep serving instead of going deaf.
                LOG.error("accept failed", "socket", socket, "error", e.getMessage());
                sleepQuietly(100);
                continue;
            }
            try {
                serve(client);
            } catch (RuntimeException | Error e) {
                // Whatever went wrong with this one connection, the server keeps accepting.
                LOG.error("could not serve a new connection", "socket", socket, "error", e.toString());
                closeQuietly(client);
            }
        }
    }

    private void serve(SocketChannel client) {
        ServerConnection connection = new ServerConnection(this, client);
        connections.add(connection);
        liveConnections.incrementAndGet();
        openedListeners.forEach(TtrpcServer::notifySafely);
        if (closed) {
            connection.close();
        }
        try {
            Thread.ofVirtual().name("ttrpc-conn-" + connection.id()).start(connection::serve);
        } catch (RuntimeException | Error e) {
            connection.close(); // keeps the live count right
            throw e;
        }
    }

    /**
     * Unlinks the socket file only if it is still the one this server bound: the daemon may have
     * unlinked it already so that a successor can bind the same path.
     */
    private void removeOwnSocketFile() {
        Object key = socketFileKey;
        if (key == null || !key.equals(fileKey(socket))) {
            return;
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.warn("removing socket file failed", "socket", socket, "error", e.getMessage());
        }
    }

    /** Inode identity plus modification time: an inode number alone may be reused at once by a successor. */
    private static Object fileKey(Path path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return List.of(String.valueOf(attributes.fileKey()), attributes.lastModifiedTime());
        } catch (IOException e) {
            return null;
        }
    }

    private static void closeQuietly(SocketChannel client) {
        try {
            client.close();
        } catch (IOException ignored) {
            // Already broken; nothing more to release.
        }
    }

    private void removeStaleSocket() throws IOException {
        if (!Files.exists(socket)) {
            return;
        }
        boolean answered;
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            answered = true;
        } catch (IOException refused) {
            answered = false;
        }
        if (answered) {
            throw new IOException("another server is already listening on " + socket);
        }
        Files.deleteIfExists(socket);
        LOG.info("removed stale socket file", "socket", socket);
    }

    private static void notifySafely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.error("connection listener failed", "error", e.toString());
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String key(String service, String method) {
        return Objects.requireNonNull(service, "service") + "/" + Objects.requireNonNull(method, "method");
    }

    /** A registered method: how to decode its request and who serves it. */
    record MethodBinding<Req extends Message, Resp extends Message>(Parser<Req> parser, Handler<Req, Resp> handler) {
        Message invoke(byte[] payload) throws TtrpcException, com.google.protobuf.InvalidProtocolBufferException {
            return handler.handle(parser.parseFrom(payload));
        }
    }
}
