package dev.hearth.build;

import dev.hearth.oci.image.ImageJson;
import dev.hearth.oci.image.Index;
import dev.hearth.oci.image.MediaTypes;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collection;
import java.util.Comparator;

/**
 * Writes an OCI image layout as an uncompressed tar ("OCI archive"): {@code oci-layout},
 * {@code index.json}, then {@code blobs/<alg>/<encoded>} in digest order. This is what
 * {@code ctr image import}, {@code skopeo copy oci-archive:} and {@code podman load} read.
 * The file appears atomically: it is written next to its final name and renamed.
 */
final class OciArchiveWriter {
    private OciArchiveWriter() {}

    static void write(Path output, BuiltImage image) throws IOException {
        write(output, image.layoutIndex(), image.store().blobs().values(), image.sourceDateEpoch());
    }

    static void write(Path output, Index index, Collection<Blob> blobs, long mtime) throws IOException {
        Path absolute = output.toAbsolutePath();
        Path temp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName() + ".", ".tmp");
        try {
            // createTempFile makes it 0600; an image archive is not a secret.
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 64 * 1024);
                 TarWriter tar = new TarWriter(out, mtime)) {
                String layout = "{\"imageLayoutVersion\":\"" + MediaTypes.LAYOUT_VERSION + "\"}";
                tar.file("oci-layout", 0644, layout.getBytes(StandardCharsets.UTF_8));
                tar.file("index.json", 0644, ImageJson.write(index));
                tar.directory("blobs", 0755);
                var sorted = blobs.stream().sorted(Comparator.comparing(b -> b.descriptor().digest())).toList();
                String algorithmDir = null;
                for (Blob blob : sorted) {
                    String algorithm = blob.descriptor().digest().algorithm();
                    if (!algorithm.equals(algorithmDir)) {
                        tar.directory("blobs/" + algorithm, 0755);
                        algorithmDir = algorithm;
                    }
                    try (InputStream in = Files.newInputStream(blob.file())) {
                        tar.file("blobs/" + algorithm + "/" + blob.descriptor().digest().encoded(), 0644,
                                blob.descriptor().size(), in);
                    }
                }
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
