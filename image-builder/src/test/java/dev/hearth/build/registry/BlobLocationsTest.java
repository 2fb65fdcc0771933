package dev.hearth.build.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobLocationsTest {
    @TempDir Path tmp;

    @Test
    void remembersOtherRepositoriesOfTheSameRegistry() throws Exception {
        BlobLocations locations = new BlobLocations(tmp.resolve("cache/hearth/blob-locations"));
        assertEquals(Optional.empty(), locations.otherRepository("r:5000", "a", "sha256:1"));
        locations.record("r:5000", "a", List.of("sha256:1", "sha256:2"));
        locations.record("r:5000", "a", List.of("sha256:1"));
        assertEquals(Optional.of("a"), locations.otherRepository("r:5000", "b", "sha256:1"));
        assertEquals(Optional.empty(), locations.otherRepository("r:5000", "a", "sha256:1"), "not the repository being pushed to");
        assertEquals(Optional.empty(), locations.otherRepository("other:5000", "b", "sha256:1"), "mounts work within one registry");
        assertEquals(2, Files.readAllLines(tmp.resolve("cache/hearth/blob-locations")).size(), "no duplicate lines");
    }

    @Test
    void anUnwritableLocationLosesTheHintOnly() throws Exception {
        Files.writeString(tmp.resolve("file"), "");
        BlobLocations locations = new BlobLocations(tmp.resolve("file/blob-locations")); // parent is a file
        locations.record("r", "a", List.of("sha256:1"));
        assertEquals(Optional.empty(), locations.otherRepository("r", "b", "sha256:1"));
    }

    @Test
    void defaultFileFollowsXdg() {
        assertEquals(Path.of("/x/hearth/blob-locations"), BlobLocations.defaultFile(Map.of("XDG_CACHE_HOME", "/x")::get));
        assertEquals(Path.of("/h/.cache/hearth/blob-locations"), BlobLocations.defaultFile(Map.of("HOME", "/h")::get));
    }
}
