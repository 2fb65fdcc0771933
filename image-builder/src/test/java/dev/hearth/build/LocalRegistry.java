package dev.hearth.build;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
 * Debian's docker-registry (distribution 2.8) on 127.0.0.1 with storage in a temporary directory,
 * optionally behind htpasswd Basic auth. Tests that need it are skipped, saying so, when the
 * binary is not installed (scripts/install-deps.sh installs it). Closing stops the process.
 */
final class LocalRegistry implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/docker-registry");
    private static final Path HTPASSWD = Path.of("/usr/bin/htpasswd");

    private final Process process;
    private final String address;
    private final Path log;

    private LocalRegistry(Process process, String address, Path log) {
        this.process = process;
        this.address = address;
        this.log = log;
    }

    /** host:port, as in an image name. */
    String address() { return address; }

    static LocalRegistry start(Path dir, Optional<String> userAndPassword) throws Exception {
        assumeTrue(Files.isExecutable(BINARY), "skipped: " + BINARY + " is missing (apt-get install docker-registry)");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String address = "127.0.0.1:" + port;
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
            if (p.waitFor() != 0) throw new IOException("htpasswd failed: " + out);
            config.append("auth:\n  htpasswd:\n    realm: hearth-test\n    path: ").append(htpasswd).append('\n');
        }
        Path configFile = dir.resolve("config.yml");
        Files.writeString(configFile, config);
        Path log = dir.resolve("registry.log");
        Process process = new ProcessBuilder(BINARY.toString(), "serve", configFile.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LocalRegistry registry = new LocalRegistry(process, address, log);
        try {
            registry.awaitReady();
        } catch (Exception e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    private void awaitReady() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IOException("docker-registry exited: " + Files.readString(log));
            try {
                int status = http.send(HttpRequest.newBuilder(URI.create("http://" + address + "/v2/")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200 || status == 401) return;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IOException("docker-registry did not answer on " + address + " within 15 s: " + Files.readString(log));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
