package dev.hearth.launcher.protocol;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The daemon's end of worker handshakes: listens on a unix socket, and hands each connecting
 * worker to whoever {@linkplain #expect expects} the one-time token its {@link ControlMessage.Hello}
 * carries. Connections with an unknown token, no hello in time, or garbage are closed. Tokens are
 * random, used once, and never on a command line (they travel in the worker's environment).
 */
public final class ControlServer implements AutoCloseable {

    /** A worker that said hello: its connection and the pid it claims. */
    public record Arrival(ControlChannel channel, long pid) { }

    private static final Duration HELLO_TIMEOUT = Duration.ofSeconds(10);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path path;
    private final ServerSocketChannel server;
    private final Consumer<String> log;
    private final Map<String, CompletableFuture<Arrival>> expected = new ConcurrentHashMap<>();
    private final Thread acceptor;

    private ControlServer(Path path, ServerSocketChannel server, Consumer<String> log) {
        this.path = path;
        this.server = server;
        this.log = log;
        // Platform threads: a virtual thread can be starved by others pinned in blocking file IO
        // (a FIFO open), and a missed hello is a failed container.
        this.acceptor = Thread.ofPlatform().daemon().name("hearth-control-accept").start(this::acceptLoop);
    }

    /** Listens on {@code path} (a stale socket file there is replaced). */
    public static ControlServer listen(Path path, Consumer<String> log) throws IOException {
        Files.deleteIfExists(path);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(path));
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot listen on the control socket " + path + ": " + e.getMessage(), e);
        }
        return new ControlServer(path, server, log);
    }

    public Path path() {
        return path;
    }

    /** A fresh one-time token (256 random bits, hex). */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Completes when a worker says hello with {@code token}. Cancel it with {@link #forget}. */
    public CompletableFuture<Arrival> expect(String token) {
        CompletableFuture<Arrival> arrival = new CompletableFuture<>();
        expected.put(token, arrival);
        return arrival;
    }

    /** Stops waiting for {@code token}; a late hello with it is refused. */
    public void forget(String token) {
        CompletableFuture<Arrival> arrival = expected.remove(token);
        if (arrival != null) {
            arrival.cancel(false);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            log.accept("closing control socket " + path + " failed: " + e);
        }
        try {
            acceptor.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.accept("removing control socket " + path + " failed: " + e);
        }
        expected.values().forEach(arrival -> arrival.completeExceptionally(
                new ClosedChannelException()));
        expected.clear();
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            SocketChannel socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (server.isOpen()) {
                    log.accept("accept on control socket " + path + " failed: " + e);
                }
                continue;
            }
            Thread.ofPlatform().daemon().name("hearth-control-hello").start(() -> greet(new ControlChannel(socket)));
        }
    }

    private void greet(ControlChannel channel) {
        try {
            ControlMessage first = channel.receive(HELLO_TIMEOUT);
            if (!(first instanceof ControlMessage.Hello hello)) {
                log.accept("control socket: first frame was " + first.getClass().getSimpleName() + ", not Hello; closed");
                channel.closeQuietly();
                return;
            }
            CompletableFuture<Arrival> arrival = expected.remove(hello.token());
            if (arrival == null || !arrival.complete(new Arrival(channel, hello.pid()))) {
                log.accept("control socket: hello from pid " + hello.pid() + " with an unknown or expired token; closed");
                channel.closeQuietly();
            }
        } catch (IOException e) {
            log.accept("control socket: no valid hello: " + e.getMessage());
            channel.closeQuietly();
        }
    }
}
