package dev.hearth.build;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What to build.
 *
 * @param source the function's directory, or a single JS file
 * @param reference the name the image gets
 * @param output the OCI archive to write
 * @param entry the entry file relative to the directory, when not found the default way
 * @param sourceDateEpoch the time stamped on every file and on the image, seconds since the epoch
 *     (0, or SOURCE_DATE_EPOCH, for reproducible builds)
 */
public record BuildRequest(Path source, ImageReference reference, Path output, Optional<String> entry, long sourceDateEpoch) {
    public BuildRequest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(entry, "entry");
        if (sourceDateEpoch < 0) throw new IllegalArgumentException("sourceDateEpoch must not be negative");
    }
}
