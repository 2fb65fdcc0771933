package dev.hearth.launcher.js;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A bundle in a temp dir and a runtime over it, with stdout and stderr captured. */
final class JsFixture {

    final Path rootfs;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    JsFixture(Path rootfs) {
        this.rootfs = rootfs;
    }

    Path write(String path, String content) throws IOException {
        Path file = rootfs.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    FunctionRuntime runtime(Map<String, String> env) throws IOException {
        return new FunctionRuntime(Binding.of(rootfs, "/", env,
                new FunctionOutput("stdout", out), new FunctionOutput("stderr", err)));
    }

    /** Writes the entrypoint, loads and runs it; returns the exit code. */
    int run(String path, String source) throws Exception {
        return run(path, source, Map.of());
    }

    int run(String path, String source, Map<String, String> env) throws Exception {
        Path entry = write(path, source);
        try (FunctionRuntime runtime = runtime(env)) {
            runtime.load(entry);
            return runtime.run();
        }
    }

    /** Runs {@code main.js}, asserts it exits 0 with nothing on stderr, and returns its stdout. */
    String output(String source) throws Exception {
        int code = run("main.js", source);
        if (code != 0 || !err().isEmpty()) {
            throw new AssertionError("exit " + code + ", stderr:\n" + err() + "\nstdout:\n" + out());
        }
        return out();
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
