package dev.hearth.launcher.web.fetch;

import dev.hearth.launcher.js.Binding;
import dev.hearth.launcher.js.FunctionOutput;
import dev.hearth.launcher.js.FunctionRuntime;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs a module in a real {@link FunctionRuntime} with every web API installed and returns what
 * it printed. Scripts print one line per observation; tests compare the lines.
 */
final class Js {

    private Js() {}

    /** Runs {@code source} as /main.mjs; fails with its stderr unless it exits 0. */
    static String run(Path rootfs, String source) throws Exception {
        Path entry = rootfs.resolve("main.mjs");
        Files.writeString(entry, source);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (FunctionRuntime runtime = new FunctionRuntime(Binding.of(rootfs, "/", Map.of(),
                new FunctionOutput("stdout", out), new FunctionOutput("stderr", err)))) {
            runtime.load(entry);
            code = runtime.run();
        }
        String stdout = out.toString(StandardCharsets.UTF_8);
        String stderr = err.toString(StandardCharsets.UTF_8);
        if (code != 0 || !stderr.isEmpty()) {
            throw new AssertionError("script exited " + code + ":\n" + stderr + "\nstdout:\n" + stdout);
        }
        return stdout;
    }
}
