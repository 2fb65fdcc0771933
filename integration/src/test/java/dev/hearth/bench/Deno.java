package dev.hearth.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** The deno binary for the memory comparison: npm's {@code @deno/linux-x64-glibc}, installed once under the work dir. */
final class Deno {
    private Deno() { }

    static Path binary(Path work) throws Exception {
        Path prefix = work.resolve("deno");
        Path binary = prefix.resolve("node_modules/@deno/linux-x64-glibc/deno");
        if (!Files.isExecutable(binary)) {
            Files.createDirectories(prefix);
            Images.run("npm", "install", "--no-audit", "--no-fund", "--prefix", prefix.toString(), "@deno/linux-x64-glibc");
        }
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("npm installed @deno/linux-x64-glibc but " + binary + " is not there");
        }
        return binary;
    }
}
