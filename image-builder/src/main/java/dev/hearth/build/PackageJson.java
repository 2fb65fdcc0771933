package dev.hearth.build;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The few fields of a function's package.json that the build uses. Absent or non-string values
 * read as empty; a file that is not JSON is an error (a typo there would otherwise silently change
 * the entry).
 */
record PackageJson(Optional<String> name, Optional<String> version, Optional<String> description,
                   Optional<String> main, Optional<String> module) {
    static final String FILE_NAME = "package.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static PackageJson none() {
        return new PackageJson(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Reads {@code dir/package.json}, or {@link #none()} when there is none. */
    static PackageJson read(Path dir) throws BuildException {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) return none();
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw new BuildException(file + ": not valid JSON: " + e.getOriginalMessage().replace('\n', ' '), e);
        } catch (IOException e) {
            throw new BuildException("cannot read " + file + ": " + SourceTree.reason(e), e);
        }
        if (root == null || !root.isObject()) throw new BuildException(file + ": not a JSON object");
        return new PackageJson(text(root, "name"), text(root, "version"), text(root, "description"),
                text(root, "main"), text(root, "module"));
    }

    private static Optional<String> text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node != null && node.isTextual() && !node.asText().isBlank() ? Optional.of(node.asText()) : Optional.empty();
    }
}
