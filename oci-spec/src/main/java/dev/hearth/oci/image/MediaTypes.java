package dev.hearth.oci.image;

/** Media types of the OCI image spec (v1.1) that hearth writes or reads. */
public final class MediaTypes {
    public static final String INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";
    public static final String LAYER_TAR_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String LAYER_TAR_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
    /** The content of the {@code oci-layout} file at the root of an image layout. */
    public static final String LAYOUT_VERSION = "1.0.0";

    private MediaTypes() {}
}
