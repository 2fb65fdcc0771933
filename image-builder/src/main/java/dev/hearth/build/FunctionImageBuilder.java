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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns a function (a directory or a JS file) into a single-layer OCI image for the host's
 * platform and writes it as an OCI archive:
 *
 * <ul>
 *   <li>layer: every file of the directory below {@link ImageLayout#APP_DIR};</li>
 *   <li>config: Entrypoint {@code ["/app/<entry>"]}, WorkingDir {@code /app}, OCI title/version/
 *       description labels and {@link ImageLayout#RUNTIME_LABEL};</li>
 *   <li>index: one manifest, annotated with the image name for containerd's import.</li>
 * </ul>
 *
 * The same input and {@link BuildRequest#sourceDateEpoch()} give a byte-identical archive.
 */
public final class FunctionImageBuilder {
    private final Platform platform;

    public FunctionImageBuilder() {
        this(Platform.linuxOfThisHost());
    }

    /** A builder for another platform (a JS image runs anywhere hearth does; containerd matches on it). */
    public FunctionImageBuilder(Platform platform) {
        this.platform = platform;
    }

    public BuildResult build(BuildRequest request) throws BuildException {
        Path output = request.output().toAbsolutePath().normalize();
        Path outputDir = output.getParent();
        if (outputDir == null || !Files.isDirectory(outputDir))
            throw new BuildException("output directory " + outputDir + " does not exist");
        if (Files.isDirectory(output)) throw new BuildException("output " + output + " is a directory; give a file name");

        Path source = request.source();
        SourceTree tree;
        PackageJson pkg;
        String entry;
        String defaultTitle;
        if (Files.isDirectory(source)) {
            tree = SourceTree.ofDirectory(source, Optional.of(realOutputPath(output)));
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
        try (BlobStore store = new BlobStore(outputDir)) {
            LayerWriter.Layer layer = LayerWriter.write(tree, ImageLayout.APP_DIR.substring(1), epoch, store);

            Map<String, String> labels = new TreeMap<>();
            labels.put(ImageLayout.OCI_TITLE, pkg.name().orElse(defaultTitle));
            pkg.version().ifPresent(v -> labels.put(ImageLayout.OCI_VERSION, v));
            pkg.description().ifPresent(d -> labels.put(ImageLayout.OCI_DESCRIPTION, d));
            labels.put(ImageLayout.RUNTIME_LABEL, ImageLayout.RUNTIME);
            ImageConfig config = new ImageConfig(created, null, platform.architecture(), platform.os(), platform.variant(),
                    new ImageConfig.Config(null, List.of(), List.of(entrypoint), List.of(), ImageLayout.APP_DIR, labels, null),
                    ImageConfig.RootFs.of(List.of(layer.diffId())),
                    List.of(new ImageConfig.History(created, "hearth build (entry " + entry + ")", null,
                            "function files at " + ImageLayout.APP_DIR, null)));
            Blob configBlob = store.put(MediaTypes.CONFIG, ImageJson.write(config));

            Manifest manifest = Manifest.of(configBlob.descriptor(), List.of(layer.blob().descriptor()));
            Blob manifestBlob = store.put(MediaTypes.MANIFEST, ImageJson.write(manifest));

            ImageReference ref = request.reference();
            Descriptor indexed = manifestBlob.descriptor()
                    .withAnnotations(Map.of(ImageLayout.CONTAINERD_IMAGE_NAME, ref.toString(), ImageLayout.OCI_REF_NAME, ref.tag()))
                    .withPlatform(platform);
            OciArchiveWriter.write(output, Index.of(List.of(indexed)), store.blobs().values(), epoch);
            return new BuildResult(ref, manifestBlob.descriptor(), entrypoint);
        } catch (IOException e) {
            throw new BuildException("cannot write " + output + ": " + SourceTree.reason(e), e);
        }
    }

    /** The output's path as the directory walk sees it (through symlinked parents), to leave it out of the layer. */
    private static Path realOutputPath(Path output) throws BuildException {
        try {
            return output.getParent().toRealPath().resolve(output.getFileName());
        } catch (IOException e) {
            throw new BuildException("cannot read output directory " + output.getParent() + ": " + SourceTree.reason(e), e);
        }
    }
}
