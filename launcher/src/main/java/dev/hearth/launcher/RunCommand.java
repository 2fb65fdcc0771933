package dev.hearth.launcher;

import dev.hearth.launcher.js.FunctionOutput;
import dev.hearth.launcher.js.Binding;
import dev.hearth.launcher.js.FunctionInput;
import dev.hearth.launcher.js.FunctionRuntime;
import dev.hearth.launcher.js.ScriptLoadException;
import dev.hearth.launcher.http.ServeSettings;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hearth run <file> [args...]}: runs a function in this process (a script until its work runs out;
 * a fetch handler is served on {@code --port} until SIGTERM or Ctrl-C), the way a worker runs it in a
 * container (same sandbox, same globals, same module rules), with its console and stdin on the terminal.
 * The exit code is the function's: 0 when its work ran out, 1 after an uncaught error; 2 when it
 * could not be loaded.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a JavaScript function locally, as a hearth worker would run it.")
public final class RunCommand implements Callable<Integer> {

    /** Exit code when the function cannot even be loaded (missing file, syntax error). */
    static final int EXIT_LOAD_FAILED = 2;
    private static final List<String> DIRECTORY_ENTRIES = List.of("index.js", "index.mjs");
    /** The AST interpreter recurses deeply; the function thread gets a worker-sized stack. */
    private static final long STACK_BYTES = 8L << 20;

    @Parameters(index = "0", paramLabel = "FILE",
            description = "The entry JS file, or a directory with index.js or index.mjs.")
    Path target;

    @Parameters(index = "1..*", paramLabel = "ARG",
            description = "The function's arguments: process.argv from index 2 (after -- when they start with -).")
    List<String> args = new ArrayList<>();

    @Option(names = "--root", paramLabel = "DIR",
            description = "The directory the function sees as / and may import from "
                    + "(default: the directory of the entry file).")
    Path root;

    @Option(names = "--port", paramLabel = "N",
            description = "The port a fetch handler is served on (default: $PORT from --env, else 8080; 0 picks a free one).")
    Integer port;

    @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE",
            description = "An entry of process.env (repeatable). The host environment is not passed.")
    Map<String, String> env = new LinkedHashMap<>();

    private final OutputStream stdout;
    private final OutputStream stderr;

    public RunCommand() {
        this(new FileOutputStream(FileDescriptor.out), new FileOutputStream(FileDescriptor.err));
    }

    RunCommand(OutputStream stdout, OutputStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public Integer call() throws Exception {
        FunctionOutput out = new FunctionOutput("stdout", stdout);
        FunctionOutput err = new FunctionOutput("stderr", stderr);
        Path entry;
        Path rootfs;
        try {
            entry = entryFile(target.toAbsolutePath().normalize());
            rootfs = root != null ? root.toAbsolutePath().normalize() : entry.getParent();
        } catch (IOException e) {
            err.write("hearth run: " + e.getMessage() + "\n");
            return EXIT_LOAD_FAILED;
        }
        AtomicInteger code = new AtomicInteger(EXIT_LOAD_FAILED);
        Thread function = new Thread(null, () -> code.set(run(rootfs, entry, out, err)), "hearth-function", STACK_BYTES);
        function.start();
        function.join();
        return code.get();
    }

    private int run(Path rootfs, Path entry, FunctionOutput out, FunctionOutput err) {
        try (FunctionRuntime runtime = new FunctionRuntime(new Binding(rootfs, "/", env, args,
                FunctionInput.of("stdin", System.in), out, err))) {
            runtime.load(entry);
            ServeSettings settings;
            try {
                settings = runtime.serveSettings();
            } catch (IllegalArgumentException e) {
                err.write("hearth run: " + e.getMessage() + "\n");
                return EXIT_LOAD_FAILED;
            }
            if (port != null) {
                settings = settings.withPort(port);
            }
            String name = rootfs.relativize(entry).toString();
            String host = settings.bind().getHostString();
            runtime.serveWith(settings.onListening(address -> err.write("hearth run: serving /" + name
                    + " on http://" + host + ":" + address.getPort() + "/\n")));
            return runtime.run();
        } catch (ScriptLoadException e) {
            err.write(e.getMessage().endsWith("\n") ? e.getMessage() : e.getMessage() + "\n");
            return EXIT_LOAD_FAILED;
        } catch (IOException e) {
            err.write("hearth run: cannot use " + rootfs + " as the function's root: " + e.getMessage() + "\n");
            return EXIT_LOAD_FAILED;
        }
    }

    private static Path entryFile(Path target) throws IOException {
        if (!Files.isDirectory(target)) {
            if (!Files.isRegularFile(target)) {
                throw new IOException(target + " does not exist");
            }
            return target;
        }
        for (String name : DIRECTORY_ENTRIES) {
            Path candidate = target.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IOException(target + " has no index.js or index.mjs; give the entry file");
    }
}
