package dev.hearth.launcher;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/** Makes named pipes, as containerd makes a container's stdio: the JDK has no way to make a FIFO. */
public final class Fifo {

    private interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int mkfifo(String path, int mode) throws LastErrorException;
    }

    private Fifo() { }

    /** Makes a FIFO at {@code path} that only its owner may open (mode 0600). */
    public static Path make(Path path) throws IOException {
        try {
            LibC.INSTANCE.mkfifo(path.toString(), 0600);
        } catch (LastErrorException e) {
            throw new IOException("mkfifo " + path + ": " + e.getMessage(), e);
        }
        return path;
    }

    /**
     * Reads a FIFO to its end, as containerd reads a container's stdout, on a thread of its own:
     * the open waits for a writer (a platform thread, since a FIFO's open would pin a virtual one).
     */
    public static CompletableFuture<String> readAll(Path fifo) {
        CompletableFuture<String> content = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                content.complete(Files.readString(fifo));
            } catch (IOException e) {
                content.completeExceptionally(e);
            }
        });
        return content;
    }
}
