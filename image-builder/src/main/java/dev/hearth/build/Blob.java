package dev.hearth.build;

import dev.hearth.oci.image.Descriptor;
import java.nio.file.Path;

/** Content stored in a {@link BlobStore}: its descriptor and the file holding its bytes. */
record Blob(Descriptor descriptor, Path file) {}
