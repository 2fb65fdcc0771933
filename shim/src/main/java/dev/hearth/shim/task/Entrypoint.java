package dev.hearth.shim.task;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The JS file a container runs: {@code process.args[0]} inside the rootfs (relative to
 * {@code process.cwd} when not absolute). The file must exist and stay inside the rootfs even
 * after symlinks are resolved: the worker reads it on the host, outside any mount namespace.
 */
record Entrypoint(Path file, List<String> arguments) {

    Entrypoint {
        arguments = List.copyOf(arguments);
    }

    /**
     * Interpreters a Dockerfile may put before the JS file ({@code ENTRYPOINT ["node", "index.js"]}).
     * hearth is the interpreter, so when the image does not itself contain that file, the JS file
     * is the first argument after the interpreter's options (and deno's or bun's {@code run}).
     */
    private static final Set<String> JS_INTERPRETERS = Set.of("node", "nodejs", "deno", "bun");
    private static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "ash");

    /**
     * The JS file and the function's own arguments: those after the file
     * ({@code node app.js a b} gives a and b).
     */
    static Entrypoint resolve(Path rootfs, String cwd, List<String> args) throws IllegalArgumentException {
        int index = jsFileIndex(rootfs, cwd, args);
        return new Entrypoint(resolveFile(rootfs, cwd, args.get(index)), args.subList(index + 1, args.size()));
    }

    /** Where the argument that names the JS file is: 0, or the one after a JS interpreter. */
    private static int jsFileIndex(Path rootfs, String cwd, List<String> args) {
        String arg0 = args.getFirst();
        String name = arg0.substring(arg0.lastIndexOf('/') + 1);
        if (SHELLS.contains(name) && args.size() > 1 && args.get(1).equals("-c")) {
            throw new IllegalArgumentException("entrypoint " + String.join(" ", args) + " is a shell command (shell form);"
                    + " hearth runs a JS file: use the exec form, e.g. ENTRYPOINT [\"/app/index.js\"]");
        }
        if (!JS_INTERPRETERS.contains(name) || existsInside(rootfs, cwd, arg0)) return 0;
        int i = 1;
        if ((name.equals("deno") || name.equals("bun")) && i < args.size() && args.get(i).equals("run")) i++;
        while (i < args.size() && args.get(i).startsWith("-")) i++;
        if (i >= args.size()) {
            throw new IllegalArgumentException("entrypoint " + String.join(" ", args) + " names no JS file after " + name);
        }
        return i;
    }

    private static boolean existsInside(Path rootfs, String cwd, String arg) {
        try {
            resolveFile(rootfs, cwd, arg);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Path resolveFile(Path rootfs, String cwd, String arg0) {
        String inRoot = arg0.startsWith("/") ? arg0 : cwd + "/" + arg0;
        Path root;
        Path file;
        try {
            root = rootfs.toRealPath();
            Path candidate = root.resolve(inRoot.replaceFirst("^/+", "")).normalize();
            if (!candidate.startsWith(root)) {
                throw new IllegalArgumentException("entrypoint " + arg0 + " points outside the rootfs");
            }
            file = candidate.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("entrypoint " + arg0 + " not found in the image (" + e.getMessage() + ")");
        }
        if (!file.startsWith(root)) {
            throw new IllegalArgumentException("entrypoint " + arg0 + " resolves outside the rootfs (symlink)");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("entrypoint " + arg0 + " is not a regular file");
        }
        return file;
    }
}
