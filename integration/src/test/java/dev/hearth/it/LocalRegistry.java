package dev.hearth.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's docker-registry (distribution 2.8) on 127.0.0.1 at a free port, storing into a directory of the test,
 * for images pushed by {@code hearth build --push} or {@code buildah push} and pulled by {@code ctr image pull
 * --plain-http}. (image-builder's tests have their own copy: test classes of one module are not on another's
 * class path.) Tests are skipped, saying so, when the package is not installed; {@link #close()} stops it and
 * fails when it does not stop.
 */
public final class LocalRegistry implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/docker-registry");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);

    private final Process process;
    private final String address;
    private final Path log;

    private LocalRegistry(Process process, String address, Path log) {
        this.process = process;
        this.address = address;
        this.log = log;
    }

    /** Starts a registry keeping its blobs, config and log in {@code dir}. */
    public static LocalRegistry start(Path dir) {
        Assumptions.assumeTrue(Files.isExecutable(BINARY),
                BINARY + " is missing (scripts/install-deps.sh installs Debian's docker-registry)");
        try {
            String address = "127.0.0.1:" + freePort();
            Path config = dir.resolve("config.yml");
            Files.writeString(config, """
                    version: 0.1
                    log:
                      level: warn
                    storage:
                      filesystem:
                        rootdirectory: %s
                    http:
                      addr: %s
                    """.formatted(Files.createDirectories(dir.resolve("data")), address));
            Path log = dir.resolve("registry.log");
            Process process = new ProcessBuilder(BINARY.toString(), "serve", config.toString())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            LocalRegistry registry = new LocalRegistry(process, address, log);
            try {
                registry.awaitReady();
            } catch (RuntimeException | Error e) {
                registry.close();
                throw e;
            }
            return registry;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + BINARY + " in " + dir, e);
        }
    }

    /** A port nobody listens on now; the registry binds it a moment later (a clash would show in awaitReady). */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** host:port, as the registry part of an image reference. */
    public String address() {
        return address;
    }

    public long pid() {
        return process.pid();
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (http) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("docker-registry exited with " + process.exitValue() + " while starting:\n" + logText());
                }
                try {
                    int status = http.send(HttpRequest.newBuilder(URI.create("http://" + address + "/v2/")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status == 200) {
                        return;
                    }
                } catch (IOException notListeningYet) {
                    // retried below
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted waiting for docker-registry", e);
                }
                Procs.sleep(Duration.ofMillis(100));
            }
        }
        throw new IllegalStateException("docker-registry did not answer GET /v2/ on " + address + " within "
                + READY_TIMEOUT.toSeconds() + " s:\n" + logText());
    }

    private String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Stops the registry (SIGTERM, then SIGKILL); fails when it is still running after that. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("docker-registry " + process.pid() + " survives SIGKILL");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
