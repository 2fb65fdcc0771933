package dev.hearth.build;

import dev.hearth.oci.image.Descriptor;

/**
 * What a build made.
 *
 * @param reference the normalised name the image was given
 * @param manifest descriptor of the image manifest (its digest is the image's identity)
 * @param entrypoint the absolute path of the entry file in the image
 */
public record BuildResult(ImageReference reference, Descriptor manifest, String entrypoint) {}
