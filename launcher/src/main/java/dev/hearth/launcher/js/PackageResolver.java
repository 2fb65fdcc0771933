package dev.hearth.launcher.js;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Finds the file a bare specifier ({@code import x from "pkg"}, {@code "@scope/pkg/sub"}) names,
 * in the {@code node_modules} directories of the bundle, the way node resolves an ES module
 * import: the nearest {@code node_modules/<name>} from the importing directory up to {@code /};
 * then the package's {@code exports} (subpaths, {@code *} patterns, condition objects and
 * fallback arrays), or without {@code exports} its {@code module} or {@code main} field or
 * {@code index.js}, and for a subpath the file itself (with {@code .js}, {@code .mjs} or
 * {@code /index.js} tried, as bundlers do).
 *
 * <p>The conditions are those of a web-standard runtime: {@value #CONDITION_LIST}. Neither
 * {@code node} nor {@code require} is one: code behind them expects node's built-in modules or
 * CommonJS, which functions do not have.
 */
final class PackageResolver {

    static final String CONDITION_LIST = "hearth, worker, import, module, default";
    static final List<String> CONDITIONS = List.of(CONDITION_LIST.split(", "));

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

    PackageResolver(Files files) {
        this.files = files;
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
            String target = exportsTarget(exports, subpath);
            if (target == null) {
                throw new IllegalArgumentException("package '" + specifier + "': " + packageDir
                        + "/package.json exports no \"" + subpath + "\" for the conditions " + CONDITION_LIST);
            }
            String file = packageDir + target.substring(1); // "./x" -> packageDir + "/x"
            if (!files.isFile(file)) {
                throw new IllegalArgumentException("package '" + specifier + "': " + packageDir
                        + "/package.json exports " + target + ", which does not exist");
            }
            return file;
        }
        if (subpath.equals(".")) {
            for (String field : List.of("module", "main")) {
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
                    + " has no entry: no exports, module or main in its package.json and no index.js");
        }
        String found = probe(packageDir + subpath.substring(1));
        if (found == null) {
            throw new IllegalArgumentException("package '" + specifier + "': no file " + packageDir + subpath.substring(1));
        }
        return found;
    }

    /** The file itself, else with .js or .mjs, else its index.js or index.mjs. */
    private String probe(String path) {
        for (String candidate : List.of(path, path + ".js", path + ".mjs", path + "/index.js", path + "/index.mjs")) {
            if (files.isFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private JsonNode manifest(String packageDir) {
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
    static String exportsTarget(JsonNode exports, String subpath) {
        if (exports.isTextual() || exports.isArray() || !hasSubpathKeys(exports)) {
            return subpath.equals(".") ? conditionalTarget(exports, null) : null;
        }
        JsonNode exact = exports.get(subpath);
        if (exact != null) {
            return conditionalTarget(exact, null);
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
        return conditionalTarget(exports.get(bestKey), match);
    }

    private static boolean hasSubpathKeys(JsonNode exports) {
        Iterator<String> keys = exports.fieldNames();
        return keys.hasNext() && keys.next().startsWith(".");
    }

    /** A string target, the first usable one of an array, or the first matching condition's. */
    private static String conditionalTarget(JsonNode target, String patternMatch) {
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
                String resolved = conditionalTarget(candidate, patternMatch);
                if (resolved != null) {
                    return resolved;
                }
            }
            return null;
        }
        if (target.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = target.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (CONDITIONS.contains(field.getKey())) {
                    String resolved = conditionalTarget(field.getValue(), patternMatch);
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
