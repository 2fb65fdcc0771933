package dev.hearth.build;

import dev.hearth.oci.image.Descriptor;
import dev.hearth.oci.image.ImageConfig;
import dev.hearth.oci.image.ImageJson;
import dev.hearth.oci.image.Index;
import dev.hearth.oci.image.Manifest;
import dev.hearth.oci.image.MediaTypes;
import dev.hearth.oci.image.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a function (a directory or a JS file) into an OCI image that every linux platform can pull:
 *
 * <ul>
 *   <li>one layer: every file of the directory below {@link ImageLayout#APP_DIR} (minus what
 *       .hearthignore / .dockerignore exclude);</li>
 *   <li>per platform a config (Entrypoint {@code ["/app/<entry>"]}, WorkingDir {@code /app}, OCI
 *       labels and {@link ImageLayout#RUNTIME_LABEL}) and a manifest, all sharing the layer;</li>
 *   <li>an image index listing the manifests with their platforms.</li>
 * </ul>
 *
 * Why one config per platform: containerd (1.7 and 2.x, checked with ctr pull --platform and ctr
 * image import) picks a manifest by the platform in the index and does not compare the config's,
 * but everything that reads the config (docker, podman, {@code skopeo inspect --override-arch})
 * takes its os/architecture as the image's, and docker and podman warn or refuse when it is not
 * the platform they pulled for. The configs differ only in those fields and are a few hundred
 * bytes; the layer is shared.
 *
 * <p>The same input and {@link BuildRequest#sourceDateEpoch()} give the same blobs, wherever and
 * on whichever machine it is built.
 */
public final class FunctionImageBuilder {
    /** The platforms of the index: those containerd and hearth's JDK run on. Order is part of the digest. */
    public static final List<Platform> PLATFORMS = List.of(
            new Platform("amd64", "linux"),
            new Platform("arm64", "linux"),
            new Platform("arm", "linux", null, List.of(), "v7"),
            new Platform("ppc64le", "linux"),
            new Platform("s390x", "linux"),
            new Platform("riscv64", "linux"));

    private final List<Platform> platforms;

    public FunctionImageBuilder() {
        this(PLATFORMS);
    }

    public FunctionImageBuilder(List<Platform> platforms) {
        if (platforms.isEmpty()) throw new IllegalArgumentException("no platforms");
        this.platforms = List.copyOf(platforms);
    }

    /** Builds the image into a private blob store; the caller writes it out and closes it. */
    BuiltImage build(BuildRequest request) throws BuildException {
        Path source = request.source();
        SourceTree tree;
        PackageJson pkg;
        String entry;
        String defaultTitle;
        if (Files.isDirectory(source)) {
            tree = SourceTree.ofDirectory(source, request.excluded());
            pkg = PackageJson.read(tree.root());
            entry = EntryResolver.resolve(tree, request.entry(), pkg);
            defaultTitle = tree.root().getFileName() == null ? "function" : tree.root().getFileName().toString();
        } else if (Files.isRegularFile(source)) {
            tree = SourceTree.ofFile(source);
            pkg = PackageJson.none();
            entry = tree.files().getFirst().relativePath();
            if (request.entry().isPresent() && !request.entry().get().equals(entry))
                throw new BuildException("--entry " + request.entry().get() + " given, but the source is the single file " + source);
            defaultTitle = entry.replaceFirst("\\.[^.]*$", "");
        } else if (Files.exists(source)) {
            throw new BuildException(source + " is neither a directory nor a regular file");
        } else {
            throw new BuildException(source + ": no such file or directory");
        }

        long epoch = request.sourceDateEpoch();
        String created = Instant.ofEpochSecond(epoch).toString();
        String entrypoint = ImageLayout.inApp(entry);
        Map<String, String> labels = new TreeMap<>();
        labels.put(ImageLayout.OCI_TITLE, pkg.name().orElse(defaultTitle));
        pkg.version().ifPresent(v -> labels.put(ImageLayout.OCI_VERSION, v));
        pkg.description().ifPresent(d -> labels.put(ImageLayout.OCI_DESCRIPTION, d));
        labels.put(ImageLayout.OCI_CREATED, created);
        request.sourceUrl().or(pkg::repository).ifPresent(s -> labels.put(ImageLayout.OCI_SOURCE, s));
        labels.put(ImageLayout.RUNTIME_LABEL, ImageLayout.RUNTIME);

        BlobStore store = openStore();
        try {
            LayerWriter.Layer layer = LayerWriter.write(tree, ImageLayout.APP_DIR.substring(1), epoch, store);
            List<BuiltImage.PlatformManifest> manifests = new ArrayList<>();
            List<Descriptor> indexed = new ArrayList<>();
            for (Platform platform : platforms) {
                ImageConfig config = new ImageConfig(created, null, platform.architecture(), platform.os(), platform.variant(),
                        new ImageConfig.Config(null, List.of(), List.of(entrypoint), List.of(), ImageLayout.APP_DIR, labels, null),
                        ImageConfig.RootFs.of(List.of(layer.diffId())),
                        List.of(new ImageConfig.History(created, "hearth build (entry " + entry + ")", null,
                                "function files at " + ImageLayout.APP_DIR, null)));
                Blob configBlob = store.put(MediaTypes.CONFIG, ImageJson.write(config));
                Manifest manifest = Manifest.of(configBlob.descriptor(), List.of(layer.blob().descriptor()));
                Blob manifestBlob = store.put(MediaTypes.MANIFEST, ImageJson.write(manifest));
                manifests.add(new BuiltImage.PlatformManifest(manifestBlob, manifest));
                indexed.add(manifestBlob.descriptor().withPlatform(platform));
            }
            Blob index = store.put(MediaTypes.INDEX, ImageJson.write(Index.of(indexed)));
            return new BuiltImage(request.reference(), entrypoint, epoch, store, index, List.copyOf(manifests));
        } catch (IOException e) {
            closeQuietly(store, e);
            throw new BuildException("cannot write the image's blobs to " + store.directory() + ": " + SourceTree.reason(e), e);
        } catch (BuildException | RuntimeException e) {
            closeQuietly(store, e);
            throw e;
        }
    }

    private static BlobStore openStore() throws BuildException {
        try {
            return new BlobStore();
        } catch (IOException e) {
            throw new BuildException("cannot create a temporary directory for the image: " + SourceTree.reason(e), e);
        }
    }

    private static void closeQuietly(BlobStore store, Exception failure) {
        try {
            store.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /** Convenience for callers that want only an archive: builds and writes {@code output}. */
    public BuildResult buildArchive(BuildRequest request, Path output) throws BuildException {
        Output target = Output.archive(output);
        Set<Path> excluded = new HashSet<>(request.excluded());
        excluded.add(target.checkedPath());
        BuildRequest notPackingTheOutput = new BuildRequest(request.source(), request.reference(), request.entry(),
                request.sourceDateEpoch(), request.sourceUrl(), excluded);
        try (BuiltImage image = build(notPackingTheOutput)) {
            target.write(image);
            return image.result();
        } catch (IOException e) {
            throw new BuildException("cannot delete the temporary blobs: " + SourceTree.reason(e), e);
        }
    }

}
