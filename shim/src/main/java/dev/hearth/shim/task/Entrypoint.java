package dev.hearth.shim.task;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds the JS file a container runs: {@code process.args[0]} inside the rootfs (relative to
 * {@code process.cwd} when not absolute). The file must exist and stay inside the rootfs even
 * after symlinks are resolved: the worker reads it on the host, outside any mount namespace.
 */
final class Entrypoint {
    private Entrypoint() {}

    static Path resolve(Path rootfs, String cwd, List<String> args) throws IllegalArgumentException {
        String arg0 = args.getFirst();
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
