package dev.hearth.build;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's docker-registry (distribution 2.8) on 127.0.0.1 at a free port, storing into a
 * directory of the test, optionally behind htpasswd Basic auth: where {@code hearth build --push}
 * and {@code buildah push} push and {@code ctr image pull --plain-http} pulls. Tests that need it
 * are skipped, saying so, when the binary is not installed (scripts/install-deps.sh installs it).
 * Shared with the integration tests through this module's test jar. Closing stops the process
 * and fails when it does not stop.
 */
public final class LocalRegistry implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/docker-registry");
    private static final Path HTPASSWD = Path.of("/usr/bin/htpasswd");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);

    private final Process process;
    private final String address;
    private final Path log;

    private LocalRegistry(Process process, String address, Path log) {
        this.process = process;
        this.address = address;
        this.log = log;
    }

    /** host:port, as the registry part of an image reference. */
    public String address() {
        return address;
    }

    /** A registry without authentication keeping its blobs, config and log in {@code dir}. */
    public static LocalRegistry start(Path dir) throws IOException, InterruptedException {
        return start(dir, Optional.empty());
    }

    /** A registry in {@code dir}; with {@code user:password}, behind Basic auth. */
    public static LocalRegistry start(Path dir, Optional<String> userAndPassword) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(BINARY), "skipped: " + BINARY + " is missing (scripts/install-deps.sh installs Debian's docker-registry)");
        String address = "127.0.0.1:" + freePort();
        Path data = Files.createDirectories(dir.resolve("data"));
        StringBuilder config = new StringBuilder("""
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s
                http:
                  addr: %s
                """.formatted(data, address));
        if (userAndPassword.isPresent()) {
            assumeTrue(Files.isExecutable(HTPASSWD), "skipped: " + HTPASSWD + " is missing (apt-get install apache2-utils)");
            String[] up = userAndPassword.get().split(":", 2);
            Path htpasswd = dir.resolve("htpasswd");
            // The registry accepts bcrypt entries only; htpasswd -B writes one.
            Process p = new ProcessBuilder(HTPASSWD.toString(), "-Bbc", htpasswd.toString(), up[0], up[1])
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IOException("htpasswd failed: " + out);
            }
            config.append("auth:\n  htpasswd:\n    realm: hearth-test\n    path: ").append(htpasswd).append('\n');
        }
        Path configFile = dir.resolve("config.yml");
        Files.writeString(configFile, config);
        Path log = dir.resolve("registry.log");
        Process process = new ProcessBuilder(BINARY.toString(), "serve", configFile.toString())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LocalRegistry registry = new LocalRegistry(process, address, log);
        try {
            registry.awaitReady();
        } catch (IOException | InterruptedException | RuntimeException e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    /** A port nobody listens on now; the registry binds it a moment later (a clash would show in awaitReady). */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Ready when GET /v2/ answers 200 (401 behind auth). */
    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException("docker-registry exited with " + process.exitValue() + " while starting:\n" + logText());
                }
                try {
                    int status = http.send(HttpRequest.newBuilder(URI.create("http://" + address + "/v2/")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status == 200 || status == 401) {
                        return;
                    }
                } catch (IOException notListeningYet) {
                    // retried below
                }
                Thread.sleep(100);
            }
        }
        throw new IOException("docker-registry did not answer GET /v2/ on " + address + " within "
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
