package dev.hearth.build;

import dev.hearth.oci.image.Descriptor;

/**
 * What a build made.
 *
 * @param reference the normalised name the image was given
 * @param index descriptor of the image index (its digest is the image's identity: what a registry
 *     and {@code ctr image ls} show)
 * @param entrypoint the absolute path of the entry file in the image
 */
public record BuildResult(ImageReference reference, Descriptor index, String entrypoint) {}
