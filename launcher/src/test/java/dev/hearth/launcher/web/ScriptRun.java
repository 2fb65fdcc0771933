package dev.hearth.launcher.web;

import dev.hearth.launcher.js.Binding;
import dev.hearth.launcher.js.FunctionOutput;
import dev.hearth.launcher.js.FunctionRuntime;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Runs one classic script in a real {@link FunctionRuntime} (all web APIs) and keeps its output. */
public record ScriptRun(int exitCode, String out, String err) {

    public static ScriptRun of(Path rootfs, String script) throws Exception {
        Path entry = rootfs.resolve("main.cjs");
        Files.writeString(entry, script);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (FunctionRuntime runtime = new FunctionRuntime(Binding.of(rootfs, "/", Map.of(),
                new FunctionOutput("stdout", out), new FunctionOutput("stderr", err)))) {
            runtime.load(entry);
            code = runtime.run();
        }
        return new ScriptRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Output lines, failing with the stderr when the script did not exit 0. */
    public String ok() {
        if (exitCode != 0) {
            throw new AssertionError("script exited " + exitCode + ":\n" + err + "\nstdout:\n" + out);
        }
        return out;
    }
}
