package dev.hearth.build;

import dev.hearth.oci.image.Digest;
import dev.hearth.oci.image.MediaTypes;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a source tree as one gzip-compressed layer with its files below a directory of the image
 * ({@code app/} for {@link ImageLayout#APP_DIR}), hashing the tar (the diff ID) and the compressed
 * blob (its digest) in one pass.
 *
 * <p>The gzip header the JDK writes has no file name and a zero timestamp, so the compressed bytes,
 * like the tar, depend only on the content (for a given JDK's zlib).
 */
final class LayerWriter {
    private LayerWriter() {}

    /**
     * Marks failures of reading a source file, so that they are reported as such and not as
     * failures of writing the layer (which the same call also does).
     */
    private static final class SourceInput extends FilterInputStream {
        static final class ReadFailure extends IOException {
            ReadFailure(IOException cause) { super(cause.getMessage(), cause); }

            @Override
            public synchronized IOException getCause() { return (IOException) super.getCause(); }
        }

        SourceInput(InputStream in) { super(in); }

        @Override
        public int read() throws IOException {
            try { return super.read(); } catch (IOException e) { throw new ReadFailure(e); }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try { return super.read(b, off, len); } catch (IOException e) { throw new ReadFailure(e); }
        }
    }

    /** A stored layer blob and the sha256 of its uncompressed tar. */
    record Layer(Blob blob, Digest diffId) {}

    static Layer write(SourceTree tree, String directory, long mtime, BlobStore store) throws BuildException, IOException {
        MessageDigest tarDigest = Digest.newSha256();
        try (BlobStore.Sink sink = store.open()) {
            GZIPOutputStream gzip = new GZIPOutputStream(sink, 64 * 1024);
            OutputStream tarOut = new DigestOutputStream(gzip, tarDigest);
            TarWriter tar = new TarWriter(tarOut, mtime);
            tar.directory(directory, 0755);
            for (SourceFile f : tree.files()) {
                String name = directory + "/" + f.relativePath();
                switch (f.kind()) {
                    case DIRECTORY -> tar.directory(name, f.mode());
                    case SYMLINK -> tar.symlink(name, f.linkTarget());
                    case REGULAR -> {
                        try (InputStream in = new SourceInput(Files.newInputStream(f.file()))) {
                            tar.file(name, f.mode(), f.size(), in);
                        } catch (SourceInput.ReadFailure e) {
                            throw new BuildException("cannot read " + f.file() + ": " + SourceTree.reason(e.getCause()), e);
                        } catch (TarWriter.SourceChangedException e) {
                            throw new BuildException("cannot read " + f.file() + ": it changed during the build", e);
                        } catch (AccessDeniedException | NoSuchFileException e) { // opening it
                            throw new BuildException("cannot read " + f.file() + ": " + SourceTree.reason(e), e);
                        }
                    }
                }
            }
            tar.finish();
            tarOut.flush();
            gzip.finish();
            Blob blob = sink.commit(MediaTypes.LAYER_TAR_GZIP);
            return new Layer(blob, Digest.fromSha256(tarDigest.digest()));
        }
    }
}
