package dev.hearth.build;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private containerd (root, state and socket in a temporary directory, CRI off) for checking
 * what {@code ctr} makes of built images. Needs root; skipped, saying so, otherwise or when the
 * binaries are missing. Closing stops it.
 */
final class LocalContainerd implements AutoCloseable {
    private final Process process;
    private final Path ctr;
    private final Path socket;
    private final Path log;

    private LocalContainerd(Process process, Path ctr, Path socket, Path log) {
        this.process = process;
        this.ctr = ctr;
        this.socket = socket;
        this.log = log;
    }

    record Result(int exit, String output) {}

    /** Starts {@code bin/containerd}; {@code bin/ctr} is the client used. */
    static LocalContainerd start(Path bin, Path dir) throws Exception {
        Path containerd = bin.resolve("containerd");
        Path ctr = bin.resolve("ctr");
        assumeTrue(Files.isExecutable(containerd) && Files.isExecutable(ctr), "skipped: no " + containerd + " and " + ctr);
        assumeTrue("root".equals(System.getProperty("user.name")), "skipped: containerd needs root");
        Path socket = dir.resolve("containerd.sock");
        Path config = dir.resolve("config.toml");
        Files.writeString(config, """
                version = 2
                root = "%1$s/root"
                state = "%1$s/state"
                disabled_plugins = ["io.containerd.grpc.v1.cri"]
                [grpc]
                  address = "%2$s"
                [ttrpc]
                  address = "%2$s.ttrpc"
                """.formatted(dir, socket));
        Path log = dir.resolve("containerd.log");
        Process process = new ProcessBuilder(containerd.toString(), "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LocalContainerd local = new LocalContainerd(process, ctr, socket, log);
        try {
            local.awaitReady();
        } catch (Exception e) {
            local.close();
            throw e;
        }
        return local;
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IOException("containerd exited: " + Files.readString(log));
            if (Files.exists(socket) && ctr("version").exit() == 0) return;
            Thread.sleep(100);
        }
        throw new IOException("containerd did not answer on " + socket + " within 20 s: " + Files.readString(log));
    }

    /** Runs {@code ctr -a <socket> -n hearth-build-test <args>}. */
    Result ctr(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ctr.toString(), "-a", socket.toString(), "-n", "hearth-build-test"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + command);
        }
        return new Result(p.exitValue(), out);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(15, TimeUnit.SECONDS);
        }
    }
}
