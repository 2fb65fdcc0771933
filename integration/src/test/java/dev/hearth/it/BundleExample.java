package dev.hearth.it;

import java.nio.file.Path;
import java.util.List;

/**
 * examples/bundle: a function of several files (entry from package.json exports, relative imports, a .dockerignore)
 * with a Dockerfile that builds the same image as {@code hearth build}. It greets HEARTH_GREETING from its
 * environment, then prints a table of its files.
 */
final class BundleExample {
    private BundleExample() {}

    static Path dir() {
        return Functions.examples().resolve("bundle");
    }

    /** What the function prints when HEARTH_GREETING is {@code greeting}. */
    static List<String> output(String greeting) {
        return List.of("Hello from " + greeting + ", built by hearth!",
                "file           role",
                "src/main.mjs   entry",
                "src/lib/*.mjs  imported");
    }
}
