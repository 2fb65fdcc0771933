package dev.hearth.build;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Decides which file of a function the runtime starts. In order: {@code --entry}; package.json
 * {@code exports} (its main export, see {@link PackageJson#exports()}), taken as the exact file
 * as Node does; {@code module}, then {@code main} (each tried as given, with .js or .mjs added,
 * and as a directory holding index.js or index.mjs, like Node's resolution of a package's main);
 * then index.js, then index.mjs at the top of the directory.
 */
final class EntryResolver {
    static final List<String> DEFAULT_ENTRIES = List.of("index.js", "index.mjs");

    private EntryResolver() {}

    /** The entry's path relative to the tree's root, with '/' separators. */
    static String resolve(SourceTree tree, Optional<String> explicit, PackageJson pkg) throws BuildException {
        if (explicit.isPresent()) return exactFile(tree, explicit.get(), "entry");
        if (pkg.exports().isPresent()) return exactFile(tree, pkg.exports().get(), "package.json exports");
        for (var field : List.of("module", "main")) {
            Optional<String> value = field.equals("module") ? pkg.module() : pkg.main();
            if (value.isEmpty()) continue;
            String base = inside(tree, value.get(), "package.json " + field);
            for (String candidate : List.of(base, base + ".js", base + ".mjs", base + "/index.js", base + "/index.mjs")) {
                if (isRegular(tree, candidate)) return candidate;
            }
            throw new BuildException("package.json " + field + " \"" + value.get() + "\" names no file in " + tree.root()
                    + ignoredNote(tree, base));
        }
        for (String candidate : DEFAULT_ENTRIES) {
            if (isRegular(tree, candidate)) return candidate;
        }
        throw new BuildException("no entry file in " + tree.root()
                + ": give --entry FILE, set \"exports\", \"module\" or \"main\" in package.json, or add index.js or index.mjs");
    }

    private static String exactFile(SourceTree tree, String entry, String what) throws BuildException {
        String rel = inside(tree, entry, what);
        var file = tree.find(rel);
        if (file.isEmpty()) throw new BuildException(what + " " + entry + " does not exist in " + tree.root() + ignoredNote(tree, rel));
        if (file.get().kind() != SourceFile.Kind.REGULAR)
            throw new BuildException(what + " " + entry + " is not a regular file");
        return rel;
    }

    /** " (excluded by .hearthignore pattern "x")" when the ignore rules left the file out. */
    private static String ignoredNote(SourceTree tree, String rel) {
        return tree.ignore().excludingPattern(rel)
                .map(p -> " (excluded by " + tree.ignore().source() + " pattern \"" + p + "\")").orElse("");
    }

    /**
     * {@code path} relative to the tree's root, normalised; absolute paths are accepted when they
     * lie inside the root. Anything that leaves the root is an error naming {@code what}.
     */
    private static String inside(SourceTree tree, String path, String what) throws BuildException {
        if (path.isBlank()) throw new BuildException(what + " is empty");
        Path given = Path.of(path);
        Path resolved = (given.isAbsolute() ? given : tree.root().resolve(given)).normalize();
        if (!resolved.startsWith(tree.root()) || resolved.equals(tree.root()))
            throw new BuildException(what + " " + path + " is outside " + tree.root());
        return tree.root().relativize(resolved).toString().replace(resolved.getFileSystem().getSeparator(), "/");
    }

    private static boolean isRegular(SourceTree tree, String rel) {
        return tree.find(rel).map(f -> f.kind() == SourceFile.Kind.REGULAR).orElse(false);
    }
}
