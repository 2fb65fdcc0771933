package dev.hearth.build;

/**
 * Where a function lives inside the images hearth builds, and the labels that say what it is.
 * The shim resolves the entrypoint inside the container's rootfs, so these paths are the contract
 * between {@code hearth build} and the runtime.
 */
public final class ImageLayout {
    /** The function's directory in the image; the layer's tar paths start with {@code app/}. */
    public static final String APP_DIR = "/app";
    /** Label naming the containerd runtime the image needs. */
    public static final String RUNTIME_LABEL = "dev.hearth.runtime";
    /** Value of {@link #RUNTIME_LABEL}: the runtime type to give ctr / nerdctl / a RuntimeClass. */
    public static final String RUNTIME = "io.containerd.hearth.v2";
    /** Index annotation that containerd's import turns into the image name. */
    public static final String CONTAINERD_IMAGE_NAME = "io.containerd.image.name";
    public static final String OCI_REF_NAME = "org.opencontainers.image.ref.name";
    public static final String OCI_TITLE = "org.opencontainers.image.title";
    public static final String OCI_VERSION = "org.opencontainers.image.version";
    public static final String OCI_DESCRIPTION = "org.opencontainers.image.description";
    public static final String OCI_CREATED = "org.opencontainers.image.created";
    public static final String OCI_SOURCE = "org.opencontainers.image.source";

    private ImageLayout() {}

    /** The absolute path in the image of a file given relative to the function's directory. */
    public static String inApp(String relativePath) {
        return APP_DIR + "/" + relativePath;
    }
}
