package dev.hearth.launcher.web;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The standards' conformance data in the shared test data folder ({@code shared/testdata} beside
 * the checkout: {@code /work/shared} when the repository is {@code /work/main}). Read by tests
 * only; the product never reads it.
 */
public final class TestData {

    private TestData() {}

    /** A file under shared/testdata, e.g. {@code wpt-url/urltestdata.json}; fails clearly if absent. */
    public static Path file(String relative) {
        // Maven runs a module's tests in the module directory (launcher/), so the repository
        // root is its parent and shared/ is beside the repository.
        Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        Path base = root.resolve("../../shared/testdata").normalize();
        Path file = base.resolve(relative);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("test data " + file + " is missing: these tests need the shared"
                    + " test data folder (shared/testdata beside the repository checkout, see its README.md)");
        }
        return file;
    }
}
