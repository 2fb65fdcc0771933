package dev.hearth.build;

import java.util.regex.Pattern;

/**
 * An image name with a tag, normalised the way containerd and docker normalise names
 * ({@code hello} -> {@code docker.io/library/hello:latest}, {@code index.docker.io/x/y} ->
 * {@code docker.io/x/y:latest}), so that {@code ctr image import} lists the image under the name
 * a user will later give {@code ctr run}.
 *
 * @param domain the registry host (and port), e.g. {@code docker.io}
 * @param path the repository path inside that registry, e.g. {@code library/hello}
 * @param tag the tag, {@code latest} when none was given
 */
public record ImageReference(String domain, String path, String tag) {
    static final String DEFAULT_DOMAIN = "docker.io";
    private static final String LEGACY_DEFAULT_DOMAIN = "index.docker.io";
    private static final String OFFICIAL_PREFIX = "library/";
    private static final String DEFAULT_TAG = "latest";
    private static final int MAX_NAME_LENGTH = 255;

    // The grammar of github.com/distribution/reference, written out here.
    private static final String ALNUM = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[._]|__|[-]+)";
    private static final Pattern PATH_COMPONENT = Pattern.compile(ALNUM + "(?:" + SEPARATOR + ALNUM + ")*");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*"
                    + "|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");

    public ImageReference {
        if (domain == null || !DOMAIN.matcher(domain).matches())
            throw new IllegalArgumentException("registry \"" + domain + "\" is not a valid host[:port]");
        if (path == null || path.isEmpty()) throw new IllegalArgumentException("image name is empty");
        for (String component : path.split("/", -1)) {
            if (!PATH_COMPONENT.matcher(component).matches())
                throw new IllegalArgumentException("image name component \"" + component
                        + "\" must be lower-case letters and digits, separated by '.', '_', '__' or '-'");
        }
        if (tag == null || !TAG.matcher(tag).matches())
            throw new IllegalArgumentException("tag \"" + tag + "\" must be 1-128 of letters, digits, '_', '.', '-', not starting with '.' or '-'");
        if (domain.length() + 1 + path.length() > MAX_NAME_LENGTH)
            throw new IllegalArgumentException("image name is longer than " + MAX_NAME_LENGTH + " characters");
    }

    /**
     * Parses {@code [domain/]path[:tag]}. A digest ({@code @sha256:...}) is refused: a build makes
     * a new image, it cannot promise a digest.
     */
    public static ImageReference parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("image reference is empty");
        if (text.contains("@"))
            throw new IllegalArgumentException("image reference \"" + text + "\" has a digest; give name[:tag]");
        String name = text;
        String tag = DEFAULT_TAG;
        int lastSlash = text.lastIndexOf('/');
        int colon = text.lastIndexOf(':');
        if (colon > lastSlash) { // a colon after the last slash is the tag; before it, a port
            name = text.substring(0, colon);
            tag = text.substring(colon + 1);
        }
        String domain = DEFAULT_DOMAIN;
        String path = name;
        int slash = name.indexOf('/');
        if (slash > 0) {
            String first = name.substring(0, slash);
            // Docker's rule: the first component is a registry if it looks like a host.
            if (first.contains(".") || first.contains(":") || first.equals("localhost") || !first.equals(first.toLowerCase())) {
                domain = first;
                path = name.substring(slash + 1);
            }
        }
        if (domain.equals(LEGACY_DEFAULT_DOMAIN)) domain = DEFAULT_DOMAIN;
        if (domain.equals(DEFAULT_DOMAIN) && !path.contains("/")) path = OFFICIAL_PREFIX + path;
        try {
            return new ImageReference(domain, path, tag);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("image reference \"" + text + "\": " + e.getMessage(), e);
        }
    }

    /** {@code domain/path}, without the tag. */
    public String name() {
        return domain + "/" + path;
    }

    /** The full normalised reference, {@code domain/path:tag}. */
    @Override
    public String toString() {
        return name() + ":" + tag;
    }
}
