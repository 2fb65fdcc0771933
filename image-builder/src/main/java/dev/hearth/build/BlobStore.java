package dev.hearth.build;

import dev.hearth.oci.image.Descriptor;
import dev.hearth.oci.image.Digest;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Content-addressed blobs of an image being built, kept as files in a private temporary directory
 * so that layers of any size stream through without being held in memory. Closing the store
 * deletes the directory.
 */
final class BlobStore implements AutoCloseable {
    private final Path dir;
    private final SortedMap<Digest, Blob> blobs = new TreeMap<>();
    private int pending;

    /** A store in a new directory below the system's temporary directory. */
    BlobStore() throws IOException {
        this.dir = Files.createTempDirectory("hearth-build-");
    }

    Blob put(String mediaType, byte[] content) throws IOException {
        try (Sink sink = open()) {
            sink.write(content);
            return sink.commit(mediaType);
        }
    }

    /** A stream whose bytes become a blob on {@link Sink#commit}; closing without commit discards them. */
    Sink open() throws IOException {
        Path file = dir.resolve("pending-" + (pending++));
        return new Sink(file, Files.newOutputStream(file));
    }

    /** Where the blobs are kept, for messages. */
    Path directory() { return dir; }

    /** Every blob stored so far, by digest. */
    SortedMap<Digest, Blob> blobs() {
        return java.util.Collections.unmodifiableSortedMap(blobs);
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** Counts and hashes what passes through it into a pending blob file. */
    final class Sink extends FilterOutputStream {
        private final Path file;
        private final MessageDigest sha256 = Digest.newSha256();
        private long size;
        private boolean closed;
        private Blob committed;

        private Sink(Path file, OutputStream out) {
            super(out);
            this.file = file;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            sha256.update((byte) b);
            size++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            sha256.update(b, off, len);
            size += len;
        }

        /** Closes the stream and files its content under its digest. */
        Blob commit(String mediaType) throws IOException {
            if (committed != null) throw new IllegalStateException("blob already committed");
            closeFile();
            Digest digest = Digest.fromSha256(sha256.digest());
            Path target = dir.resolve(digest.algorithm() + "-" + digest.encoded());
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
            committed = new Blob(new Descriptor(mediaType, digest, size), target);
            blobs.put(digest, committed);
            return committed;
        }

        @Override
        public void close() throws IOException {
            closeFile();
            if (committed == null) Files.deleteIfExists(file);
        }

        private void closeFile() throws IOException {
            if (closed) return;
            closed = true;
            out.close();
        }
    }
}
