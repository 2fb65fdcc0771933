package dev.hearth.oci.image;

/**
 * An image document (index, manifest, config) that cannot be used. The message names the document
 * and the field ({@code index.json: field manifests[0].digest: is missing}).
 */
public final class ImageSpecException extends Exception {
    public ImageSpecException(String message) { super(message); }
    public ImageSpecException(String message, Throwable cause) { super(message, cause); }
}
