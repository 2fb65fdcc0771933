package dev.hearth.launcher.worker;

import dev.hearth.launcher.js.Binding;
import dev.hearth.launcher.js.FunctionOutput;
import dev.hearth.launcher.js.FunctionRuntime;
import dev.hearth.launcher.js.ScriptLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A function a pool worker runs for itself before it parks (the rehearsals): its module in a
 * temporary directory as rootfs, its output discarded, loaded and run to the end like a
 * container's, then its context closed and its directory deleted. A failure is only logged: the
 * real Load reports real problems.
 */
final class ThrowawayFunction {

    private ThrowawayFunction() { }

    /**
     * @param what   names it in the log line of a failure
     * @param source the module ({@code index.mjs})
     * @param setUp  called with the runtime before load (e.g. to serve on another port)
     * @return true when it ran to the end and exited 0
     */
    static boolean run(String what, String source, Map<String, String> env, Consumer<FunctionRuntime> setUp) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory(DIRECTORY_PREFIX + ProcessHandle.current().pid() + "-");
            Path entry = Files.writeString(dir.resolve("index.mjs"), source);
            FunctionOutput discard = FunctionOutput.discard("stdout");
            try (FunctionRuntime runtime = new FunctionRuntime(Binding.of(dir, "/", env, discard, discard))) {
                setUp.accept(runtime);
                runtime.load(entry);
                // The module is parsed and imports nothing: its files go now, before it runs, so a
                // worker killed while it rehearses (a pool closing, its daemon gone) leaves none.
                delete(dir);
                dir = null;
                int code = runtime.run();
                if (code != 0) {
                    System.err.println("hearth worker " + ProcessHandle.current().pid() + ": " + what + " exited with " + code + " (ignored)");
                    return false;
                }
            }
            return true;
        } catch (IOException | ScriptLoadException | RuntimeException e) {
            System.err.println("hearth worker " + ProcessHandle.current().pid() + ": " + what + " failed (ignored): " + e);
            return false;
        } finally {
            if (dir != null) {
                delete(dir);
            }
        }
    }

    /** The start of a rehearsal directory's name in java.io.tmpdir, followed by the worker's pid and a dash. */
    static final String DIRECTORY_PREFIX = "hearth-rehearsal-";

    private static void delete(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve("index.mjs"));
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            System.err.println("hearth worker " + ProcessHandle.current().pid() + ": cannot remove " + dir + ": " + e);
        }
    }
}
