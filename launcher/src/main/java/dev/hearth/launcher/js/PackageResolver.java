package dev.hearth.launcher.js;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Finds the file a bare specifier ({@code import x from "pkg"}, {@code "@scope/pkg/sub"}) names,
 * in the {@code node_modules} directories of the bundle, the way node resolves it: the nearest
 * {@code node_modules/<name>} from the importing directory up to {@code /}; then the package's
 * {@code exports} (subpaths, {@code *} patterns, condition objects and fallback arrays), or
 * without {@code exports} its entry fields ({@code module} then {@code main} for an import,
 * {@code main} for a require) or {@code index.js}, and for a subpath the file itself (with
 * {@code .js}, {@code .mjs}, {@code .cjs} or {@code /index.js} tried, as bundlers and require do).
 *
 * <p>The conditions are those of a web-standard runtime ({@link #forImports}: {@value
 * #IMPORT_CONDITIONS}; {@link #forRequire}: {@value #REQUIRE_CONDITIONS}). {@code node} is never
 * one: code behind it expects node's built-in modules, which functions do not have.
 */
final class PackageResolver {

    static final String IMPORT_CONDITIONS = "hearth, worker, import, module, default";
    static final String REQUIRE_CONDITIONS = "hearth, worker, require, default";

    /** Jackson is loaded when the first package.json is read, not with every context (~0.8 MB of heap). */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /** The bundle's files, by container path. */
    interface Files {
        boolean isFile(String guestPath);

        boolean isDirectory(String guestPath);

        String read(String guestPath) throws IOException;
    }

    private final Files files;
    private final String conditionList;
    private final List<String> conditions;
    private final List<String> entryFields;

    private PackageResolver(Files files, String conditionList, List<String> entryFields) {
        this.files = files;
        this.conditionList = conditionList;
        this.conditions = List.of(conditionList.split(", "));
        this.entryFields = entryFields;
    }

    /** For ES module imports. */
    static PackageResolver forImports(Files files) {
        return new PackageResolver(files, IMPORT_CONDITIONS, List.of("module", "main"));
    }

    /** For CommonJS require() calls. */
    static PackageResolver forRequire(Files files) {
        return new PackageResolver(files, REQUIRE_CONDITIONS, List.of("main"));
    }

    /** A specifier that names a package, not a file: no {@code /}, {@code ./} or {@code ../} in front, no scheme. */
    static boolean isBareSpecifier(String specifier) {
        return !specifier.isEmpty() && !specifier.startsWith("/") && !specifier.startsWith("./")
                && !specifier.startsWith("../") && !specifier.equals(".") && !specifier.equals("..")
                && !specifier.contains(":") && !specifier.contains("\\");
    }

    /**
     * The container path of the file {@code specifier} names, looking up from {@code fromDir};
     * null when no {@code node_modules} holds the package.
     *
     * @throws IllegalArgumentException when the package is there but does not export what is
     *         asked, or its package.json is not valid JSON; the message says which
     */
    String resolve(String specifier, String fromDir) {
        String[] parts = specifier.split("/", -1);
        int nameParts = specifier.startsWith("@") ? 2 : 1;
        if (parts.length < nameParts || parts[0].isEmpty() || (nameParts == 2 && parts[1].isEmpty())) {
            throw new IllegalArgumentException("'" + specifier + "' is not a valid package name");
        }
        String name = String.join("/", List.of(parts).subList(0, nameParts));
        String subpath = parts.length == nameParts ? "." : "./" + String.join("/", List.of(parts).subList(nameParts, parts.length));
        for (String dir = normalizeDir(fromDir); dir != null; dir = parent(dir)) {
            String packageDir = (dir.equals("/") ? "" : dir) + "/node_modules/" + name;
            if (files.isDirectory(packageDir)) {
                return resolveInPackage(specifier, packageDir, subpath);
            }
        }
        return null;
    }

    private String resolveInPackage(String specifier, String packageDir, String subpath) {
        JsonNode manifest = manifest(packageDir);
        JsonNode exports = manifest == null ? null : manifest.get("exports");
        if (exports != null && !exports.isNull()) {
            String target = exportsTarget(exports, subpath, conditions);
            if (target == null) {
                throw new IllegalArgumentException("package '" + specifier + "': " + packageDir
                        + "/package.json exports no \"" + subpath + "\" for the conditions " + conditionList);
            }
            String file = packageDir + target.substring(1); // "./x" -> packageDir + "/x"
            if (!files.isFile(file)) {
                throw new IllegalArgumentException("package '" + specifier + "': " + packageDir
                        + "/package.json exports " + target + ", which does not exist");
            }
            return file;
        }
        if (subpath.equals(".")) {
            for (String field : entryFields) {
                JsonNode entry = manifest == null ? null : manifest.get(field);
                if (entry != null && entry.isTextual()) {
                    String found = probe(packageDir + "/" + stripDotSlash(entry.asText()));
                    if (found != null) {
                        return found;
                    }
                }
            }
            String index = probe(packageDir + "/index");
            if (index != null) {
                return index;
            }
            throw new IllegalArgumentException("package '" + specifier + "' in " + packageDir
                    + " has no entry: no exports, " + String.join(" or ", entryFields) + " in its package.json and no index.js");
        }
        String found = probe(packageDir + subpath.substring(1));
        if (found == null) {
            throw new IllegalArgumentException("package '" + specifier + "': no file " + packageDir + subpath.substring(1));
        }
        return found;
    }

    /** The file itself, else with .js, .mjs or .cjs, else its index.js or index.mjs. */
    String probe(String path) {
        for (String candidate : List.of(path, path + ".js", path + ".mjs", path + ".cjs", path + "/index.js",
                path + "/index.mjs")) {
            if (files.isFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** The package.json of a directory, or null when it has none. */
    JsonNode manifest(String packageDir) {
        String path = packageDir + "/package.json";
        if (!files.isFile(path)) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(files.read(path));
        } catch (IOException e) {
            throw new IllegalArgumentException(path + " is not valid JSON: " + e.getMessage());
        }
    }

    /** The target ("./...") that {@code exports} gives {@code subpath}, or null. */
    static String exportsTarget(JsonNode exports, String subpath, List<String> conditions) {
        if (exports.isTextual() || exports.isArray() || !hasSubpathKeys(exports)) {
            return subpath.equals(".") ? conditionalTarget(exports, null, conditions) : null;
        }
        JsonNode exact = exports.get(subpath);
        if (exact != null) {
            return conditionalTarget(exact, null, conditions);
        }
        // The pattern with the longest prefix wins ("./features/*" over "./*").
        String bestKey = null;
        for (Iterator<String> keys = exports.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            int star = key.indexOf('*');
            if (star < 0 || key.indexOf('*', star + 1) >= 0) {
                continue;
            }
            String prefix = key.substring(0, star);
            String suffix = key.substring(star + 1);
            if (subpath.startsWith(prefix) && subpath.endsWith(suffix) && subpath.length() >= key.length() - 1
                    && (bestKey == null || prefix.length() > bestKey.indexOf('*'))) {
                bestKey = key;
            }
        }
        if (bestKey == null) {
            return null;
        }
        int star = bestKey.indexOf('*');
        String match = subpath.substring(star, subpath.length() - (bestKey.length() - star - 1));
        return conditionalTarget(exports.get(bestKey), match, conditions);
    }

    private static boolean hasSubpathKeys(JsonNode exports) {
        Iterator<String> keys = exports.fieldNames();
        return keys.hasNext() && keys.next().startsWith(".");
    }

    /** A string target, the first usable one of an array, or the first matching condition's. */
    private static String conditionalTarget(JsonNode target, String patternMatch, List<String> conditions) {
        if (target == null || target.isNull()) {
            return null;
        }
        if (target.isTextual()) {
            String path = target.asText();
            if (!path.startsWith("./")) {
                return null; // node refuses targets outside the package
            }
            return patternMatch == null ? path : path.replace("*", patternMatch);
        }
        if (target.isArray()) {
            for (JsonNode candidate : target) {
                String resolved = conditionalTarget(candidate, patternMatch, conditions);
                if (resolved != null) {
                    return resolved;
                }
            }
            return null;
        }
        if (target.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = target.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (conditions.contains(field.getKey())) {
                    String resolved = conditionalTarget(field.getValue(), patternMatch, conditions);
                    if (resolved != null) {
                        return resolved;
                    }
                }
            }
        }
        return null;
    }

    private static String stripDotSlash(String path) {
        return path.startsWith("./") ? path.substring(2) : path;
    }

    private static String normalizeDir(String dir) {
        if (dir == null || dir.isEmpty() || dir.equals("/")) {
            return "/";
        }
        return dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
    }

    private static String parent(String dir) {
        if (dir.equals("/")) {
            return null;
        }
        int slash = dir.lastIndexOf('/');
        return slash <= 0 ? "/" : dir.substring(0, slash);
    }
}
