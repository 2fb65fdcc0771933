package dev.hearth.launcher.worker;

import dev.hearth.launcher.js.FunctionOutput;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens one of the function's output streams as containerd names it:
 * <ul>
 *   <li>empty: no stream, output is discarded;</li>
 *   <li>{@code file:///path}: a file, created if missing, appended to;</li>
 *   <li>any other absolute path: a FIFO (or file) that exists; opening a FIFO for writing blocks
 *       until it has a reader, which containerd has opened before it creates the task.</li>
 * </ul>
 * Other URI schemes are refused: the shim runs containerd's {@code binary://} loggers itself and
 * passes the worker the FIFOs they read.
 */
public final class StdioTarget {

    private StdioTarget() { }

    public static FunctionOutput openForWriting(String name, String target) throws IOException {
        if (target.isEmpty()) {
            return FunctionOutput.discard(name);
        }
        if (target.startsWith("file:")) {
            Path file = fileUriPath(name, target);
            return new FunctionOutput(name, Files.newOutputStream(file,
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
        }
        if (target.contains("://")) {
            throw new IOException(name + " " + target + ": only FIFO paths and file:// URIs are supported");
        }
        Path path = Path.of(target);
        if (!path.isAbsolute()) {
            throw new IOException(name + " " + target + ": not an absolute path");
        }
        try {
            // No CREATE: containerd made the FIFO; a missing one is an error, not a new file.
            return new FunctionOutput(name, Files.newOutputStream(path,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new IOException("cannot open " + name + " " + target + ": " + e, e);
        }
    }

    private static Path fileUriPath(String name, String target) throws IOException {
        try {
            URI uri = new URI(target);
            if (uri.getPath() == null || uri.getPath().isEmpty()) {
                throw new IOException(name + " " + target + ": a file:// URI needs a path");
            }
            return Path.of(uri.getPath());
        } catch (URISyntaxException e) {
            throw new IOException(name + " " + target + ": not a valid URI: " + e.getMessage(), e);
        }
    }
}
