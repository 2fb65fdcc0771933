package dev.hearth.build;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The few fields of a function's package.json that the build uses. Absent or non-string values
 * read as empty; a file that is not JSON is an error (a typo there would otherwise silently change
 * the entry).
 *
 * @param exports the package's main export: {@code "exports"} as a string, or its {@code "."}
 *     entry (or the whole object when it holds conditions only), resolved through the
 *     {@link #EXPORT_CONDITIONS}
 * @param repository {@code "repository"} as a string or its {@code url}
 */
record PackageJson(Optional<String> name, Optional<String> version, Optional<String> description,
                   Optional<String> exports, Optional<String> module, Optional<String> main,
                   Optional<String> repository) {
    static final String FILE_NAME = "package.json";
    /** The export conditions an ES-module runtime that is not Node matches, in order of preference. */
    static final List<String> EXPORT_CONDITIONS = List.of("import", "default");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static PackageJson none() {
        return new PackageJson(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Reads {@code dir/package.json}, or {@link #none()} when there is none. */
    static PackageJson read(Path dir) throws BuildException {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) return none();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BuildException("cannot read " + file + ": " + SourceTree.reason(e), e);
        }
        return parse(bytes, file.toString());
    }

    static PackageJson parse(byte[] json, String source) throws BuildException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new BuildException(source + ": not valid JSON: " + e.getOriginalMessage().replace('\n', ' '), e);
        } catch (IOException e) {
            throw new BuildException("cannot read " + source + ": " + SourceTree.reason(e), e);
        }
        if (root == null || !root.isObject()) throw new BuildException(source + ": not a JSON object");
        JsonNode repository = root.get("repository");
        return new PackageJson(text(root, "name"), text(root, "version"), text(root, "description"),
                mainExport(root.get("exports"), source), text(root, "module"), text(root, "main"),
                repository != null && repository.isObject() ? text(repository, "url") : text(root, "repository"));
    }

    /**
     * The file {@code exports} gives for {@code import "pkg"}. Forms: {@code "./x.js"};
     * {@code {".": ...}} (other subpaths are for importers, not the entry); {@code {"import": ...,
     * "default": ...}}; conditions nest; an array gives fallbacks, of which the first usable counts.
     */
    private static Optional<String> mainExport(JsonNode exports, String source) throws BuildException {
        if (exports == null || exports.isNull()) return Optional.empty();
        JsonNode target = exports;
        if (exports.isObject() && exports.fieldNames().hasNext() && exports.fieldNames().next().startsWith(".")) {
            target = exports.get(".");
            if (target == null) return Optional.empty(); // only subpath exports: no main export
        }
        Optional<String> file = resolveTarget(target);
        if (file.isEmpty())
            throw new BuildException(source + ": \"exports\" gives no file for \".\" under the conditions " + EXPORT_CONDITIONS);
        return file;
    }

    private static Optional<String> resolveTarget(JsonNode target) {
        if (target.isTextual()) return target.asText().isBlank() ? Optional.empty() : Optional.of(target.asText());
        if (target.isArray()) {
            for (JsonNode alternative : target) {
                Optional<String> file = resolveTarget(alternative);
                if (file.isPresent()) return file;
            }
            return Optional.empty();
        }
        if (target.isObject()) {
            // Node walks the conditions in the object's own order and takes the first it matches.
            for (var fields = target.fields(); fields.hasNext(); ) {
                var field = fields.next();
                if (!EXPORT_CONDITIONS.contains(field.getKey())) continue;
                Optional<String> file = resolveTarget(field.getValue());
                if (file.isPresent()) return file;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node != null && node.isTextual() && !node.asText().isBlank() ? Optional.of(node.asText()) : Optional.empty();
    }
}
