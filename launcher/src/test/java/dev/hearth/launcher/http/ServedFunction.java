package dev.hearth.launcher.http;

import dev.hearth.launcher.js.Binding;
import dev.hearth.launcher.js.FunctionOutput;
import dev.hearth.launcher.js.FunctionRuntime;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A function served on a free loopback port by a real FunctionRuntime on its own thread. */
final class ServedFunction implements AutoCloseable {

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final AtomicInteger exitCode = new AtomicInteger(-1);
    private final FunctionRuntime runtime;
    private final Thread thread;
    private final CompletableFuture<Runnable> stop = new CompletableFuture<>();
    final InetSocketAddress address;

    private ServedFunction(Path root, String file, String source, Map<String, String> env) throws Exception {
        Path entry = root.resolve(file);
        Files.writeString(entry, source);
        runtime = new FunctionRuntime(Binding.of(root, "/", env, new FunctionOutput("stdout", out), new FunctionOutput("stderr", err)));
        CompletableFuture<InetSocketAddress> listening = new CompletableFuture<>();
        runtime.serveWith(ServeSettings.fromEnvironment(env)
                .withBind(new InetSocketAddress("127.0.0.1", 0))
                .withGrace(java.time.Duration.ofSeconds(30))
                .stoppedBy(stop::complete)
                .onListening(listening::complete));
        runtime.load(entry);
        thread = new Thread(null, () -> exitCode.set(runtime.run()), "served-function", 8L << 20);
        thread.start();
        try {
            address = listening.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw new AssertionError("the function did not start serving; stderr:\n" + err(), e);
        }
    }

    static ServedFunction start(Path root, String file, String source) throws Exception {
        return new ServedFunction(root, file, source, Map.of());
    }

    static ServedFunction start(Path root, String file, String source, Map<String, String> env) throws Exception {
        return new ServedFunction(root, file, source, env);
    }

    RawClient connect() throws Exception {
        return new RawClient(address);
    }

    /** What SIGTERM does in a worker. */
    void stopGracefully() throws Exception {
        stop.get(5, TimeUnit.SECONDS).run();
    }

    /** Waits for the function's loop to end; returns its exit code. */
    int awaitExit(long seconds) throws InterruptedException {
        thread.join(TimeUnit.SECONDS.toMillis(seconds));
        if (thread.isAlive()) {
            throw new AssertionError("the function is still running after " + seconds + " s; stderr:\n" + err());
        }
        return exitCode.get();
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        if (thread.isAlive()) {
            runtime.loop().stop();
            thread.join(10_000);
        }
        runtime.close();
    }
}
