package dev.hearth.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real worker JVM gets {@link WorkerCommand#DEFAULT_ENVIRONMENT}; the function does not see it. */
class WorkerEnvironmentTest {

    @TempDir
    Path tmp;

    @Test
    void aWorkerRunsWithTheMallocSettingsAndTheFunctionOnlySeesItsOwnEnvironment() throws Exception {
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs/app"));
        Files.writeString(rootfs.resolve("env.js"), "console.log(JSON.stringify(process.env));");
        Path out = tmp.resolve("out.log");
        try (WorkerLauncher launcher = new WorkerLauncher(WorkerLauncher.Settings.defaults().withLog(line -> { }))) {
            FunctionProcess process = launcher.create(new FunctionSpec("env", tmp.resolve("rootfs"),
                    rootfs.resolve("env.js"), List.of(), Map.of("ONLY", "this"), "/",
                    new Stdio("", "file://" + out, "file://" + tmp.resolve("err.log")), null, null));
            List<String> environ = Arrays.asList(Files.readString(Path.of("/proc/" + process.pid() + "/environ"),
                    StandardCharsets.ISO_8859_1).split("\0"));
            WorkerCommand.DEFAULT_ENVIRONMENT.forEach((name, value) -> {
                String expected = System.getenv(name) != null ? System.getenv(name) : value; // the daemon's own wins
                assertTrue(environ.contains(name + "=" + expected), name + " in the worker's environment " + environ);
            });
            process.start();
            assertEquals(0, process.exited().get(120, java.util.concurrent.TimeUnit.SECONDS).status());
        }
        String printed = Files.readString(out);
        assertEquals("{\"ONLY\":\"this\"}\n", printed);
        assertFalse(printed.contains("MALLOC"));
    }
}
