package dev.hearth.build.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.LinkedHashSet;
import java.util.function.Function;

/**
 * Which repositories of which registries hearth has pushed a blob to, so that pushing the same
 * layer to another repository of the same registry can ask the registry to mount it
 * (cross-repository blob mount) instead of uploading it again; docker keeps the same kind of
 * record. One line per location: {@code <registry> <repository> <digest>}.
 *
 * <p>It is only a hint: the registry may have deleted the blob, and then the mount request falls
 * back to an upload. So an unreadable or unwritable file only loses the hint, it never fails a
 * push.
 */
public final class BlobLocations {
    /** Old entries are dropped beyond this many lines, keeping the file small. */
    private static final int MAX_ENTRIES = 10_000;
    private final Path file;

    public BlobLocations(Path file) {
        this.file = file;
    }

    /** {@code $XDG_CACHE_HOME/hearth/blob-locations}, else {@code ~/.cache/hearth/blob-locations}. */
    public static Path defaultFile(Function<String, String> environment) {
        String cache = environment.apply("XDG_CACHE_HOME");
        if (cache == null || cache.isBlank()) {
            String home = environment.apply("HOME");
            cache = Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".cache").toString();
        }
        return Path.of(cache, "hearth", "blob-locations");
    }

    /** A repository of {@code registry}, other than {@code except}, known to hold {@code digest}. */
    public Optional<String> otherRepository(String registry, String except, String digest) {
        for (String line : lines()) {
            String[] f = line.split(" ");
            if (f.length == 3 && f[0].equals(registry) && f[2].equals(digest) && !f[1].equals(except)) return Optional.of(f[1]);
        }
        return Optional.empty();
    }

    /** Records that {@code repository} of {@code registry} now holds {@code digests}. */
    public void record(String registry, String repository, Collection<String> digests) {
        List<String> all = new ArrayList<>(lines());
        for (String digest : digests) {
            String line = registry + " " + repository + " " + digest;
            all.remove(line);
            all.add(line); // newest last
        }
        if (all.size() > MAX_ENTRIES) all = all.subList(all.size() - MAX_ENTRIES, all.size());
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), ".blob-locations.", ".tmp");
            try {
                Files.write(temp, all, StandardCharsets.UTF_8);
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            // A hint only (see the class comment): the next push uploads instead of mounting.
        }
    }

    private List<String> lines() {
        try {
            return new ArrayList<>(new LinkedHashSet<>(Files.readAllLines(file, StandardCharsets.UTF_8)).stream()
                    .filter(l -> !l.isBlank()).toList());
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            return List.of(); // a hint only
        }
    }
}
