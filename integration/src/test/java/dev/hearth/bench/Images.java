package dev.hearth.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * OCI image archives for the runc side of the comparison, made from what is on this machine (no
 * registry): a node image holding the host's node binary, the shared libraries it links and the
 * same JS as hearth's hello example.
 */
final class Images {
    private Images() { }

    /** Rootfs with /usr/bin/node, its libraries (from ldd) and {@code app/index.mjs}. */
    static Path nodeRootfs(Path dir, Path node, String js) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>(List.of(node));
        Process ldd = new ProcessBuilder("ldd", node.toString()).redirectErrorStream(true).start();
        String out = new String(ldd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ldd.waitFor();
        Matcher m = Pattern.compile("(/\\S+) \\(0x").matcher(out);
        while (m.find()) {
            files.add(Path.of(m.group(1)));
        }
        Matcher arrow = Pattern.compile("=> (/\\S+)").matcher(out);
        while (arrow.find()) {
            files.add(Path.of(arrow.group(1)));
        }
        for (Path file : files) {
            Path target = dir.resolve(file.toString().substring(1));
            Files.createDirectories(target.getParent());
            Files.copy(file.toRealPath(), target, StandardCopyOption.REPLACE_EXISTING);
            target.toFile().setExecutable(true);
        }
        Files.createDirectories(dir.resolve("app"));
        Files.writeString(dir.resolve("app/index.mjs"), js);
        Files.createDirectories(dir.resolve("tmp"));
        return dir;
    }

    /** An OCI image archive of one uncompressed layer (the rootfs) that {@code ctr image import} names {@code ref}. */
    static Path ociArchive(Path work, String ref, Path rootfs, List<String> cmd) throws IOException, InterruptedException {
        Path layout = Files.createDirectories(work.resolve("layout"));
        Path blobs = Files.createDirectories(layout.resolve("blobs/sha256"));
        Path layer = work.resolve("layer.tar");
        run("tar", "--numeric-owner", "--owner=0", "--group=0", "-C", rootfs.toString(), "-cf", layer.toString(), ".");
        String layerDigest = digest(layer);
        long layerSize = Files.size(layer);
        Files.move(layer, blobs.resolve(layerDigest.substring(7)));
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":" + json(cmd)
                + ",\"WorkingDir\":\"/\"},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + layerDigest + "\"]}}")
                .getBytes(StandardCharsets.UTF_8);
        String configDigest = write(blobs, config);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest
                + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\","
                + "\"digest\":\"" + layerDigest + "\",\"size\":" + layerSize + "}]}").getBytes(StandardCharsets.UTF_8);
        String manifestDigest = write(blobs, manifest);
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(layout.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + manifestDigest + "\",\"size\":" + manifest.length
                + ",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"},\"annotations\":{\"io.containerd.image.name\":\""
                + ref + "\",\"org.opencontainers.image.ref.name\":\"" + ref.substring(ref.lastIndexOf(':') + 1) + "\"}}]}");
        Path archive = work.resolve("image.tar");
        run("tar", "-C", layout.toString(), "-cf", archive.toString(), "oci-layout", "index.json", "blobs");
        return archive;
    }

    private static String write(Path blobs, byte[] blob) throws IOException {
        String digest = "sha256:" + HexFormat.of().formatHex(sha256().digest(blob));
        Files.write(blobs.resolve(digest.substring(7)), blob);
        return digest;
    }

    private static String digest(Path file) throws IOException {
        MessageDigest sha = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
            }
        }
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(List<String> items) {
        return items.stream().map(s -> '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"')
                .collect(Collectors.joining(",", "[", "]"));
    }

    static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }
}
