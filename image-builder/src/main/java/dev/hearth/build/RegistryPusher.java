package dev.hearth.build;

import dev.hearth.build.registry.BlobLocations;
import dev.hearth.build.registry.RegistryClient;
import dev.hearth.build.registry.RegistryException;
import dev.hearth.oci.image.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Pushes a built image to a registry over the OCI distribution API:
 *
 * <ol>
 *   <li>each blob (the layer, the configs): {@code HEAD} it and skip it when the repository has it;
 *       else, when {@link BlobLocations} knows it in another repository of the registry, ask for a
 *       cross-repository mount ({@code POST uploads/?mount=&from=}); else upload it, in one
 *       {@code PUT ?digest=} after the {@code POST}, or in {@code PATCH} chunks when it is larger
 *       than the chunk size;</li>
 *   <li>each platform's manifest, by digest;</li>
 *   <li>the image index, by tag: what {@code pull name:tag} resolves on any platform.</li>
 * </ol>
 *
 * One progress line per blob: {@code pushed sha256:0123456789ab 1.2 kB}, {@code exists ...} or
 * {@code mounted ... from <repo>}.
 */
final class RegistryPusher {
    /** Blobs up to this size go up in one request; bigger ones in chunks of it. */
    static final long DEFAULT_CHUNK_SIZE = 16L * 1024 * 1024;
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);

    private final RegistryClient client;
    private final BlobLocations locations;
    private final PrintWriter progress;
    private final long chunkSize;

    RegistryPusher(RegistryClient client, BlobLocations locations, PrintWriter progress, long chunkSize) {
        if (chunkSize <= 0) throw new IllegalArgumentException("chunk size must be positive");
        this.client = client;
        this.locations = locations;
        this.progress = progress;
        this.chunkSize = chunkSize;
    }

    /** Pushes {@code image} as {@code image.reference()}; returns the descriptor of the index the tag now names. */
    Descriptor push(BuiltImage image) throws RegistryException {
        String repository = image.reference().path();
        Map<String, Blob> blobs = new LinkedHashMap<>(); // layer first: the big one, and shared by all platforms
        for (BuiltImage.PlatformManifest m : image.manifests()) {
            for (Descriptor layer : m.manifest().layers()) blobs.putIfAbsent(layer.digest().toString(), image.blob(layer));
        }
        for (BuiltImage.PlatformManifest m : image.manifests())
            blobs.putIfAbsent(m.manifest().config().digest().toString(), image.blob(m.manifest().config()));

        Map<String, String> mountFrom = new LinkedHashMap<>();
        List<String> scopes = new ArrayList<>(List.of("repository:" + repository + ":pull,push"));
        for (String digest : blobs.keySet()) {
            locations.otherRepository(client.registry(), repository, digest).ifPresent(from -> {
                mountFrom.put(digest, from);
                scopes.add("repository:" + from + ":pull");
            });
        }
        client.requireScopes(scopes);

        for (Blob blob : blobs.values()) pushBlob(repository, blob, Optional.ofNullable(mountFrom.get(blob.descriptor().digest().toString())));
        for (BuiltImage.PlatformManifest m : image.manifests())
            putManifest(repository, m.blob().descriptor().digest().toString(), m.blob());
        putManifest(repository, image.reference().tag(), image.index());
        locations.record(client.registry(), repository, blobs.keySet());
        return image.index().descriptor();
    }

    private void pushBlob(String repository, Blob blob, Optional<String> mountFrom) throws RegistryException {
        Descriptor d = blob.descriptor();
        String digest = d.digest().toString();
        URI blobUri = client.resolve("/v2/" + repository + "/blobs/" + digest);
        HttpResponse<String> head = client.send(HttpRequest.newBuilder(blobUri).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .timeout(REQUEST_TIMEOUT), "check blob " + digest);
        if (head.statusCode() == 200) {
            report("exists", d, "");
            return;
        }
        if (head.statusCode() != 404) throw unexpected(head, "check blob " + digest);

        URI uploads = client.resolve("/v2/" + repository + "/blobs/uploads/");
        if (mountFrom.isPresent()) {
            URI mount = URI.create(uploads + "?mount=" + encode(digest) + "&from=" + encode(mountFrom.get()));
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(mount).POST(HttpRequest.BodyPublishers.noBody())
                    .timeout(REQUEST_TIMEOUT), "mount blob " + digest);
            if (r.statusCode() == 201) {
                report("mounted", d, " from " + mountFrom.get());
                return;
            }
            if (r.statusCode() != 202) throw unexpected(r, "mount blob " + digest);
            upload(location(r, "mount blob " + digest), blob); // the registry declined the mount and opened an upload
        } else {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uploads).POST(HttpRequest.BodyPublishers.noBody())
                    .timeout(REQUEST_TIMEOUT), "start upload of " + digest);
            if (r.statusCode() != 202) throw unexpected(r, "start upload of " + digest);
            upload(location(r, "start upload of " + digest), blob);
        }
        report("pushed", d, "");
    }

    private void upload(URI location, Blob blob) throws RegistryException {
        String digest = blob.descriptor().digest().toString();
        long size = blob.descriptor().size();
        String what = "upload blob " + digest;
        if (size > chunkSize) {
            for (long offset = 0; offset < size; offset += chunkSize) {
                long length = Math.min(chunkSize, size - offset);
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(location)
                        .method("PATCH", slice(blob, offset, length))
                        .header("Content-Type", "application/octet-stream")
                        .header("Content-Range", offset + "-" + (offset + length - 1))
                        .timeout(REQUEST_TIMEOUT), what);
                if (r.statusCode() != 202) throw unexpected(r, what);
                location = location(r, what);
            }
            complete(location, HttpRequest.BodyPublishers.noBody(), digest);
        } else {
            complete(location, slice(blob, 0, size), digest);
        }
    }

    private void complete(URI location, HttpRequest.BodyPublisher body, String digest) throws RegistryException {
        String uri = location.toString();
        URI put = URI.create(uri + (uri.contains("?") ? "&" : "?") + "digest=" + encode(digest));
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(put).PUT(body)
                .header("Content-Type", "application/octet-stream").timeout(REQUEST_TIMEOUT), "upload blob " + digest);
        if (r.statusCode() != 201) throw unexpected(r, "upload blob " + digest);
    }

    private void putManifest(String repository, String reference, Blob manifest) throws RegistryException {
        String what = "put manifest " + reference;
        byte[] content;
        try {
            content = Files.readAllBytes(manifest.file());
        } catch (IOException e) {
            throw new RegistryException("cannot read the built manifest " + manifest.file() + ": " + e.getMessage(), e);
        }
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(client.resolve("/v2/" + repository + "/manifests/" + reference))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content))
                .header("Content-Type", manifest.descriptor().mediaType()).timeout(REQUEST_TIMEOUT), what);
        if (r.statusCode() != 201) throw unexpected(r, what);
        String expected = manifest.descriptor().digest().toString();
        Optional<String> stored = r.headers().firstValue("Docker-Content-Digest");
        if (stored.isPresent() && !stored.get().equals(expected))
            throw new RegistryException("registry " + client.registry() + " stored manifest " + reference + " as " + stored.get()
                    + ", not " + expected + " (it rewrote the manifest)");
    }

    /** The Location header of an upload response, resolved against the registry (it may be relative). */
    private URI location(HttpResponse<String> response, String what) throws RegistryException {
        String location = response.headers().firstValue("Location").orElseThrow(() -> new RegistryException(
                "registry " + client.registry() + " answered " + what + " without a Location header"));
        return client.resolve(location);
    }

    private static HttpRequest.BodyPublisher slice(Blob blob, long offset, long length) {
        return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
            try {
                InputStream in = Files.newInputStream(blob.file());
                in.skipNBytes(offset);
                return new BoundedInputStream(in, length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }), length);
    }

    private RegistryException unexpected(HttpResponse<String> response, String what) {
        String reason = switch (response.statusCode()) {
            case 403 -> " (access denied)";
            case 404 -> " (no such repository, or the registry does not support this)";
            default -> "";
        };
        return new RegistryException("registry " + client.registry() + " answered " + response.statusCode() + " to " + what
                + reason + RegistryClient.errors(response));
    }

    private void report(String verb, Descriptor d, String suffix) {
        progress.println(verb + " " + shortDigest(d) + " " + humanSize(d.size()) + suffix);
        progress.flush();
    }

    static String shortDigest(Descriptor d) {
        String encoded = d.digest().encoded();
        return d.digest().algorithm() + ":" + encoded.substring(0, Math.min(12, encoded.length()));
    }

    /** Sizes the way docker prints them: decimal units, one decimal place. */
    static String humanSize(long bytes) {
        if (bytes < 1000) return bytes + " B";
        String[] units = {"kB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** At most {@code remaining} bytes of the wrapped stream: one chunk of a blob file. */
    private static final class BoundedInputStream extends java.io.FilterInputStream {
        private long remaining;

        BoundedInputStream(InputStream in, long remaining) {
            super(in);
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) return -1;
            int b = super.read();
            if (b >= 0) remaining--;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) return -1;
            int n = super.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) remaining -= n;
            return n;
        }
    }
}
