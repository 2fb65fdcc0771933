package dev.hearth.build;

import dev.hearth.oci.image.Descriptor;
import dev.hearth.oci.image.ImageJson;
import dev.hearth.oci.image.ImageSpecException;
import dev.hearth.oci.image.Index;
import dev.hearth.oci.image.MediaTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes an image into an OCI image layout directory ({@code oci-layout}, {@code index.json},
 * {@code blobs/sha256/...}), which {@code skopeo copy oci:dir:tag}, {@code oras} and
 * {@code crane} read. A layout can hold several images: an existing one is added to, and an
 * image already listed under the same tag ({@code org.opencontainers.image.ref.name}) is
 * replaced. Blobs are content-addressed, so existing ones are kept; every file appears by rename,
 * and index.json last, so a reader never sees an index naming a missing blob.
 */
final class OciLayoutWriter {
    private static final String LAYOUT_FILE = "oci-layout";
    private static final String INDEX_FILE = "index.json";

    private OciLayoutWriter() {}

    static void write(Path dir, BuiltImage image) throws IOException, BuildException {
        List<Descriptor> manifests = new ArrayList<>(existingManifests(dir));
        String tag = image.reference().tag();
        manifests.removeIf(d -> tag.equals(d.annotations().get(ImageLayout.OCI_REF_NAME)));
        manifests.add(image.namedIndex());

        Files.createDirectories(dir);
        Path blobDir = Files.createDirectories(dir.resolve("blobs"));
        for (Blob blob : image.store().blobs().values()) {
            Path algorithmDir = Files.createDirectories(blobDir.resolve(blob.descriptor().digest().algorithm()));
            Path target = algorithmDir.resolve(blob.descriptor().digest().encoded());
            if (Files.isRegularFile(target) && Files.size(target) == blob.descriptor().size()) continue;
            Path temp = Files.createTempFile(algorithmDir, ".", ".tmp");
            try {
                Files.copy(blob.file(), temp, StandardCopyOption.REPLACE_EXISTING);
                moveIntoPlace(temp, target);
            } finally {
                Files.deleteIfExists(temp);
            }
        }
        writeAtomically(dir, LAYOUT_FILE,
                ("{\"imageLayoutVersion\":\"" + MediaTypes.LAYOUT_VERSION + "\"}").getBytes(StandardCharsets.UTF_8));
        writeAtomically(dir, INDEX_FILE, ImageJson.write(Index.of(manifests)));
    }

    /** The manifests of an existing layout; none for a missing or empty directory. */
    private static List<Descriptor> existingManifests(Path dir) throws IOException, BuildException {
        if (!Files.isDirectory(dir)) return List.of();
        Path index = dir.resolve(INDEX_FILE);
        if (!Files.isRegularFile(dir.resolve(LAYOUT_FILE)) || !Files.isRegularFile(index)) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent())
                    throw new BuildException(dir + " is not empty and not an OCI image layout (no oci-layout and index.json)");
            }
            return List.of();
        }
        try {
            return ImageJson.parseIndex(Files.readAllBytes(index), index.toString()).manifests();
        } catch (ImageSpecException e) {
            throw new BuildException("cannot add to the OCI layout " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void writeAtomically(Path dir, String name, byte[] content) throws IOException {
        Path temp = Files.createTempFile(dir, "." + name + ".", ".tmp");
        try {
            Files.write(temp, content);
            moveIntoPlace(temp, dir.resolve(name));
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        // createTempFile makes files 0600; an image is not a secret.
        Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
