package dev.hearth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A shim daemon spawned without containerd: the sh {@code containerd-shim-hearth-v2 start}, as
 * containerd's call would run it, with its run directory under {@code tmp} and a pool of one.
 */
record ShimStart(Path state, ProcessHandle daemon) {

    /** Runs {@code start} for {@code namespace}; the daemon publishes its events to {@code ttrpcAddress}. */
    static ShimStart daemon(Path tmp, String namespace, Path ttrpcAddress) throws IOException, InterruptedException {
        Path runDir = Files.createDirectories(tmp.resolve("run"));
        Path bundle = Files.createDirectories(tmp.resolve("bundle"));
        ProcessBuilder start = new ProcessBuilder(Dist.command("containerd-shim-hearth-v2").toString(),
                "-namespace", namespace, "-address", tmp.resolve("containerd.sock").toString(), "-id", "c1", "start")
                .directory(bundle.toFile()).redirectErrorStream(true);
        start.environment().putAll(Map.of("HEARTH_RUN_DIR", runDir.toString(), "HEARTH_POOL_SIZE", "1",
                "TTRPC_ADDRESS", ttrpcAddress.toString()));
        Process shim = start.start();
        String address = new String(shim.getInputStream().readAllBytes());
        assertEquals(0, shim.waitFor(), address);
        assertTrue(address.startsWith("unix://"), address);
        Path state = Path.of(address.substring("unix://".length())).getParent();
        long pid = Long.parseLong(Files.readString(state.resolve("daemon.pid")).strip());
        return new ShimStart(state, ProcessHandle.of(pid).orElseThrow());
    }
}
