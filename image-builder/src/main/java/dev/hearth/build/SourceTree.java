package dev.hearth.build;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The files of a function: everything below its directory (or the one file given), sorted by path
 * so that the layer does not depend on the order the file system lists them in.
 *
 * <p>Modes are normalised so that umask and checkout differences do not change the image:
 * directories 0755, files 0755 when their owner may execute them and 0644 otherwise. Symlinks are
 * kept as symlinks when they point inside the tree; one that points elsewhere would make the image
 * depend on the machine that runs it, so it is an error. Other kinds (fifos, sockets, devices) are
 * errors too.
 */
final class SourceTree {
    private static final String WHITEOUT_PREFIX = ".wh.";
    private final Path root;
    private final List<SourceFile> files;
    private final Map<String, SourceFile> byPath;
    private final IgnoreRules ignore;

    private SourceTree(Path root, List<SourceFile> files, IgnoreRules ignore) {
        this.root = root;
        this.ignore = ignore;
        this.files = List.copyOf(files);
        this.byPath = files.stream().collect(Collectors.toUnmodifiableMap(SourceFile::relativePath, f -> f));
    }

    /** The directory the relative paths start from. */
    Path root() { return root; }

    /** All entries, parents before children, sorted by relative path. */
    List<SourceFile> files() { return files; }

    /** The ignore rules the tree was read with (to explain why a file is missing). */
    IgnoreRules ignore() { return ignore; }

    Optional<SourceFile> find(String relativePath) {
        return Optional.ofNullable(byPath.get(relativePath));
    }

    /** A tree of one file: the function is that file alone. */
    static SourceTree ofFile(Path file) throws BuildException {
        Path absolute = file.toAbsolutePath().normalize();
        return new SourceTree(absolute.getParent(), List.of(regular(absolute, absolute.getFileName().toString())), IgnoreRules.none());
    }

    /**
     * Everything below {@code dir} except what its ignore file ({@link IgnoreRules#read}) excludes
     * and the paths in {@code exclude} (outputs being written inside the directory).
     */
    static SourceTree ofDirectory(Path dir, Set<Path> exclude) throws BuildException {
        Path root;
        try {
            root = dir.toRealPath(); // a symlinked directory is walked as the directory it names
        } catch (IOException e) {
            throw new BuildException("cannot read " + dir + ": " + reason(e), e);
        }
        Set<Path> excluded = exclude.stream().map(p -> p.toAbsolutePath().normalize()).collect(Collectors.toSet());
        IgnoreRules ignore = IgnoreRules.read(root);
        // Directories the rules exclude but that may hold re-included files ("!" patterns).
        Set<String> ignoredDirs = new HashSet<>();
        List<SourceFile> files = new ArrayList<>();
        List<BuildException> problems = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    if (d.equals(root)) return FileVisitResult.CONTINUE;
                    String rel = relative(root, d);
                    if (excluded.contains(d)) return FileVisitResult.SKIP_SUBTREE;
                    if (ignore.excludes(rel)) {
                        if (!ignore.hasExceptions()) return FileVisitResult.SKIP_SUBTREE;
                        ignoredDirs.add(rel);
                    }
                    if (isWhiteout(d)) {
                        problems.add(whiteout(d));
                        return FileVisitResult.TERMINATE;
                    }
                    files.add(new SourceFile(rel, SourceFile.Kind.DIRECTORY, d, 0, 0755, null));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                    String rel = relative(root, f);
                    if (excluded.contains(f) || ignore.excludes(rel)) return FileVisitResult.CONTINUE;
                    try {
                        if (isWhiteout(f)) throw whiteout(f);
                        if (attrs.isSymbolicLink()) files.add(symlink(root, f, rel));
                        else if (attrs.isRegularFile()) files.add(regular(f, rel));
                        else throw new BuildException(f + " is not a regular file, directory or symlink");
                        return FileVisitResult.CONTINUE;
                    } catch (BuildException e) {
                        problems.add(e);
                        return FileVisitResult.TERMINATE;
                    }
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) {
                    if (ignore.excludes(relative(root, f))) return FileVisitResult.CONTINUE;
                    problems.add(new BuildException("cannot read " + f + ": " + reason(e), e));
                    return FileVisitResult.TERMINATE;
                }
            });
        } catch (IOException e) {
            throw new BuildException("cannot read " + root + ": " + reason(e), e);
        }
        if (!problems.isEmpty()) throw problems.getFirst();
        // An ignored directory stays only as the parent of something re-included below it.
        if (!ignoredDirs.isEmpty()) {
            List<String> paths = files.stream().map(SourceFile::relativePath).filter(p -> !ignoredDirs.contains(p)).toList();
            files.removeIf(f -> ignoredDirs.contains(f.relativePath())
                    && paths.stream().noneMatch(p -> p.startsWith(f.relativePath() + "/")));
        }
        files.sort(Comparator.comparing(SourceFile::relativePath));
        return new SourceTree(root, files, ignore);
    }

    /**
     * Layer unpackers read names starting with {@code .wh.} as deletions of lower layers (OCI
     * whiteouts), so such a file would vanish from the container instead of being in it.
     */
    private static boolean isWhiteout(Path p) {
        return p.getFileName().toString().startsWith(WHITEOUT_PREFIX);
    }

    private static BuildException whiteout(Path p) {
        return new BuildException(p + ": names starting with " + WHITEOUT_PREFIX
                + " mark deletions (OCI whiteouts) in image layers; rename it");
    }

    private static SourceFile regular(Path f, String rel) throws BuildException {
        if (!Files.isReadable(f)) throw new BuildException("cannot read " + f + ": permission denied");
        try {
            long size = Files.size(f);
            boolean executable = Files.getPosixFilePermissions(f).contains(PosixFilePermission.OWNER_EXECUTE);
            return new SourceFile(rel, SourceFile.Kind.REGULAR, f, size, executable ? 0755 : 0644, null);
        } catch (IOException e) {
            throw new BuildException("cannot read " + f + ": " + reason(e), e);
        }
    }

    private static SourceFile symlink(Path root, Path link, String rel) throws BuildException {
        try {
            Path target = Files.readSymbolicLink(link);
            Path resolved = link.getParent().resolve(target).normalize();
            if (target.isAbsolute() || !resolved.startsWith(root) || resolved.equals(root))
                throw new BuildException("symlink " + link + " points outside " + root + " (to " + target + ")");
            return new SourceFile(rel, SourceFile.Kind.SYMLINK, link, 0, 0777, target.toString());
        } catch (IOException e) {
            throw new BuildException("cannot read symlink " + link + ": " + reason(e), e);
        }
    }

    private static String relative(Path root, Path p) {
        return root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
    }

    /** A short cause for a one-line message ("permission denied", "no such file"). */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof NoSuchFileException) return "no such file or directory";
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.replace('\n', ' ');
    }
}
