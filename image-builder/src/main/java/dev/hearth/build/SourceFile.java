package dev.hearth.build;

import java.nio.file.Path;

/**
 * One entry of a function's source tree.
 *
 * @param relativePath path below the function directory with '/' separators, never empty
 * @param kind what the entry is
 * @param file where it is on this machine (for regular files: what is read into the layer)
 * @param size bytes of a regular file, 0 otherwise
 * @param mode permission bits for the layer: normalised, see {@link SourceTree}
 * @param linkTarget the target of a symlink, null otherwise
 */
record SourceFile(String relativePath, Kind kind, Path file, long size, int mode, String linkTarget) {
    enum Kind { DIRECTORY, REGULAR, SYMLINK }
}
