package dev.hearth.build;

import dev.hearth.oci.image.Descriptor;
import dev.hearth.oci.image.Index;
import dev.hearth.oci.image.Manifest;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A finished image, not yet written anywhere: its blobs (layer, configs, manifests, the image
 * index) in a {@link BlobStore}, and the descriptors that tie them together. The writers
 * ({@link OciArchiveWriter}, {@link OciLayoutWriter}, {@link RegistryPusher}) read it; closing it
 * deletes the blobs.
 *
 * @param manifests each platform's manifest blob with the manifest it holds, in index order
 */
record BuiltImage(ImageReference reference, String entrypoint, long sourceDateEpoch, BlobStore store,
                  Blob index, List<PlatformManifest> manifests) implements AutoCloseable {

    record PlatformManifest(Blob blob, Manifest manifest) {}

    BuildResult result() {
        return new BuildResult(reference, index.descriptor(), entrypoint);
    }

    /** The image index's descriptor as a layout's index.json lists it: annotated with the image's names. */
    Descriptor namedIndex() {
        return index.descriptor().withAnnotations(Map.of(
                ImageLayout.CONTAINERD_IMAGE_NAME, reference.toString(),
                ImageLayout.OCI_REF_NAME, reference.tag()));
    }

    /** index.json of an image layout holding just this image. */
    Index layoutIndex() {
        return Index.of(List.of(namedIndex()));
    }

    /** The blob a descriptor of this image points at. */
    Blob blob(Descriptor descriptor) {
        Blob blob = store.blobs().get(descriptor.digest());
        if (blob == null) throw new IllegalStateException("no blob " + descriptor.digest() + " in this image");
        return blob;
    }

    @Override
    public void close() throws IOException {
        store.close();
    }
}
