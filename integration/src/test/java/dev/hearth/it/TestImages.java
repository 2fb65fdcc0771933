package dev.hearth.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Root filesystems and OCI image archives made from the machine's busybox-static, for tests that need a
 * real container (run by runc) without pulling anything from a registry.
 */
public final class TestImages {
    /** Where Debian's busybox-static puts its binary (scripts/install-deps.sh installs it). */
    static final Path BUSYBOX = Path.of("/bin/busybox");

    private TestImages() {}

    /** A directory with bin/busybox and bin/sh, usable as {@code ctr run --rootfs}. */
    public static Path busyboxRootfs(Path dir) {
        try {
            Files.createDirectories(dir.resolve("bin"));
            Files.copy(busybox(), dir.resolve("bin/busybox"));
            Files.createSymbolicLink(dir.resolve("bin/sh"), Path.of("busybox"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a busybox rootfs in " + dir, e);
        }
    }

    /**
     * Writes an OCI image archive (oci-layout, index.json, blobs/) that {@code ctr image import} names {@code ref}:
     * one uncompressed layer with busybox, and {@code cmd} as the image's command.
     */
    public static Path busyboxArchive(Path archive, String ref, List<String> cmd) {
        try {
            ByteArrayOutputStream layerBytes = new ByteArrayOutputStream();
            try (TarWriter layer = new TarWriter(layerBytes)) {
                layer.directory("bin", 0755);
                layer.file("bin/busybox", 0755, Files.readAllBytes(busybox()));
                layer.symlink("bin/sh", "busybox");
            }
            byte[] layerBlob = layerBytes.toByteArray();
            String layerDigest = digest(layerBlob);
            byte[] config = ("{\"architecture\":\"" + goArch() + "\",\"os\":\"linux\",\"config\":{\"Cmd\":" + jsonArray(cmd)
                    + ",\"WorkingDir\":\"/\"},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + layerDigest + "\"]}}")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                    + "\"config\":" + descriptor("application/vnd.oci.image.config.v1+json", config) + ","
                    + "\"layers\":[" + descriptor("application/vnd.oci.image.layer.v1.tar", layerBlob) + "]}")
                    .getBytes(StandardCharsets.UTF_8);
            String tag = ref.substring(ref.lastIndexOf(':') + 1);
            byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{"
                    + "\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + digest(manifest) + "\",\"size\":"
                    + manifest.length + ",\"platform\":{\"architecture\":\"" + goArch() + "\",\"os\":\"linux\"},"
                    + "\"annotations\":{\"io.containerd.image.name\":\"" + ref + "\",\"org.opencontainers.image.ref.name\":\"" + tag + "\"}}]}")
                    .getBytes(StandardCharsets.UTF_8);
            try (TarWriter tar = new TarWriter(Files.newOutputStream(archive))) {
                tar.file("oci-layout", 0644, "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
                tar.file("index.json", 0644, index);
                tar.directory("blobs", 0755);
                tar.directory("blobs/sha256", 0755);
                for (byte[] blob : List.of(layerBlob, config, manifest)) {
                    tar.file("blobs/sha256/" + digest(blob).substring("sha256:".length()), 0644, blob);
                }
            }
            return archive;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write test image " + archive, e);
        }
    }

    private static Path busybox() {
        if (!Files.isExecutable(BUSYBOX)) {
            throw new IllegalStateException(BUSYBOX + " missing: install busybox-static (scripts/install-deps.sh does)");
        }
        return BUSYBOX;
    }

    private static String descriptor(String mediaType, byte[] blob) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest(blob) + "\",\"size\":" + blob.length + "}";
    }

    static String digest(byte[] blob) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(blob));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The machine's architecture as OCI (Go) names it. */
    static String goArch() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> arch;
        };
    }

    private static String jsonArray(List<String> items) {
        return items.stream().map(s -> '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"')
                .collect(Collectors.joining(",", "[", "]"));
    }
}
