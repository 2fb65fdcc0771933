package dev.hearth.build;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What to build.
 *
 * @param source the function's directory, or a single JS file
 * @param reference the name the image gets
 * @param entry the entry file relative to the directory, when not found the default way
 * @param sourceDateEpoch the time stamped on every file and on the image, seconds since the epoch
 *     (0, or SOURCE_DATE_EPOCH, for reproducible builds)
 * @param sourceUrl where the function's source lives ({@code org.opencontainers.image.source});
 *     when empty, package.json {@code repository} is used if set
 * @param excluded paths left out of the image: the outputs, when they are written inside the directory
 */
public record BuildRequest(Path source, ImageReference reference, Optional<String> entry, long sourceDateEpoch,
                           Optional<String> sourceUrl, Set<Path> excluded) {
    public BuildRequest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(sourceUrl, "sourceUrl");
        excluded = Set.copyOf(excluded);
        if (sourceDateEpoch < 0) throw new IllegalArgumentException("sourceDateEpoch must not be negative");
    }

    public BuildRequest(Path source, ImageReference reference, Optional<String> entry, long sourceDateEpoch) {
        this(source, reference, entry, sourceDateEpoch, Optional.empty(), Set.of());
    }
}
