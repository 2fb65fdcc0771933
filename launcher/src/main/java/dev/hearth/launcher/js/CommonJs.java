package dev.hearth.launcher.js;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CommonJS modules in a function's bundle, for the npm packages that still ship them: which files
 * are CommonJS, what {@code require(specifier)} finds, and the ES module an {@code import} of a
 * CommonJS file gets instead of its text (its {@code module.exports} as the default export, and
 * the names a scan of its source finds assigned to {@code exports} as named exports, as node's
 * cjs-module-lexer does for the usual shapes). The loader itself is commonjs.js.
 *
 * <p>A file is CommonJS when it is a {@code .cjs}, or a {@code .js} whose nearest package.json does
 * not say {@code "type": "module"}, that has no static import or export, and that is in a
 * {@code node_modules} directory or mentions {@code module.exports}, {@code exports.} or
 * {@code require(}. The function's own files without any of these stay ES modules, as before.
 */
final class CommonJs {

    /** Node's built-in modules: a require of one is an error that says functions do not have them. */
    private static final Set<String> NODE_BUILTINS = Set.of("assert", "async_hooks", "buffer", "child_process",
            "cluster", "console", "constants", "crypto", "dgram", "diagnostics_channel", "dns", "domain", "events", "fs",
            "http", "http2", "https", "inspector", "module", "net", "os", "path", "perf_hooks", "process", "punycode",
            "querystring", "readline", "repl", "stream", "string_decoder", "sys", "timers", "tls", "trace_events", "tty",
            "url", "util", "v8", "vm", "wasi", "worker_threads", "zlib");
    private static final Pattern COMMONJS_HINT = Pattern.compile("\\bmodule\\.exports\\b|\\bexports\\.[\\w$]|\\brequire\\s*\\(");
    private static final Pattern EXPORTS_ASSIGNMENT = Pattern.compile(
            "(?<![\\w$.])(?:module\\.)?exports\\s*(?:\\.\\s*([A-Za-z_$][\\w$]*)|\\[\\s*(['\"])([^'\"]+)\\2\\s*\\])\\s*=[^=]");
    private static final Pattern DEFINE_PROPERTY = Pattern.compile(
            "Object\\.defineProperty\\(\\s*(?:module\\.)?exports\\s*,\\s*(['\"])([^'\"]+)\\1");
    /** esbuild's CommonJS output: {@code __export(x_exports, { name: () => name, ... });}. */
    private static final Pattern ESBUILD_EXPORT = Pattern.compile("__export\\(\\s*[\\w$]+\\s*,\\s*\\{([^}]*)\\}\\s*\\)");
    private static final Pattern ESBUILD_KEY = Pattern.compile("([A-Za-z_$][\\w$]*)\\s*:\\s*\\(\\)\\s*=>");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][\\w$]*");
    private static final Set<String> RESERVED = Set.of("break", "case", "catch", "class", "const", "continue",
            "debugger", "default", "delete", "do", "else", "enum", "export", "extends", "false", "finally", "for",
            "function", "if", "import", "in", "instanceof", "new", "null", "return", "super", "switch", "this",
            "throw", "true", "try", "typeof", "var", "void", "while", "with", "yield", "let", "static", "implements",
            "interface", "package", "private", "protected", "public", "await", "arguments", "eval");

    private final PackageResolver.Files files;
    private final PackageResolver packages;

    CommonJs(PackageResolver.Files files) {
        this.files = files;
        this.packages = PackageResolver.forRequire(files);
    }

    boolean isCommonJs(String guestPath, String text) {
        if (guestPath.endsWith(".cjs")) {
            return true;
        }
        // Cheapest test first: most files imported are ES modules, and their package.json (and
        // Jackson with it) need not be read at all.
        if (!guestPath.endsWith(".js") || SourceKind.detect(guestPath, text) == SourceKind.MODULE) {
            return false;
        }
        if (!guestPath.contains("/node_modules/") && !COMMONJS_HINT.matcher(text).find()) {
            return false;
        }
        return !"module".equals(packageType(guestPath));
    }

    /**
     * The "type" of the package the file is in: its nearest package.json's, or null. As in node,
     * the search stops at a node_modules directory: a package without a package.json does not
     * take the type of the function that installed it.
     */
    private String packageType(String guestPath) {
        for (String dir = parent(guestPath); dir != null && !dir.endsWith("/node_modules"); dir = parent(dir)) {
            JsonNode manifest = packages.manifest(dir.equals("/") ? "" : dir);
            if (manifest != null) {
                JsonNode type = manifest.get("type");
                return type == null ? null : type.asText();
            }
        }
        return null;
    }

    /**
     * The file {@code require(specifier)} loads from a module in {@code fromDir}, as node finds it:
     * the path itself, with .js, .json or .cjs, or as a directory (its package.json main, its
     * index.js or index.json); a package from node_modules with the require conditions.
     *
     * @throws IllegalArgumentException with node's "Cannot find module" message, or naming the
     *         node built-in module that functions do not have
     */
    String resolve(String specifier, String fromDir) {
        String name = specifier.startsWith("node:") ? specifier.substring(5) : specifier;
        if (specifier.startsWith("node:") || NODE_BUILTINS.contains(name.split("/")[0])) {
            throw new IllegalArgumentException("hearth has no node built-in module '" + name
                    + "': functions get the web APIs (fetch, crypto.subtle, TextEncoder, URL, streams ...)");
        }
        String found;
        if (PackageResolver.isBareSpecifier(specifier)) {
            found = packages.resolve(specifier, fromDir);
        } else {
            String base = specifier.startsWith("/") ? specifier : (fromDir.equals("/") ? "" : fromDir) + "/" + specifier;
            found = fileOrDirectory(normalize(base));
        }
        if (found == null) {
            throw new IllegalArgumentException("Cannot find module '" + specifier + "' from '" + fromDir + "'");
        }
        return found;
    }

    private String fileOrDirectory(String path) {
        for (String candidate : List.of(path, path + ".js", path + ".json", path + ".cjs")) {
            if (files.isFile(candidate)) {
                return candidate;
            }
        }
        JsonNode manifest = packages.manifest(path);
        if (manifest != null && manifest.get("main") != null && manifest.get("main").isTextual()) {
            String main = normalize(path + "/" + manifest.get("main").asText());
            String found = packages.probe(main);
            if (found != null) {
                return found;
            }
        }
        for (String candidate : List.of(path + "/index.js", path + "/index.json")) {
            if (files.isFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * The ES module an import of the CommonJS file at {@code guestPath} gets: the loader runs the
     * file (once, shared with require) and the module re-exports what it got.
     */
    static String esModuleFor(String guestPath, String text) {
        StringBuilder module = new StringBuilder()
                .append("const m = globalThis[Symbol.for('hearth.commonjs')].load(").append(quote(guestPath)).append(");\n")
                .append("export default m;\n")
                .append("const o = Object(m);\n");
        int i = 0;
        for (String name : exportNames(text)) {
            module.append("const e").append(i).append(" = o[").append(quote(name)).append("];\n")
                    .append("export { e").append(i).append(" as ").append(name).append(" };\n");
            i++;
        }
        return module.toString();
    }

    /** The names the source assigns to exports, that can be named exports (identifiers, not default). */
    static Set<String> exportNames(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher assignment = EXPORTS_ASSIGNMENT.matcher(text);
        while (assignment.find()) {
            names.add(assignment.group(1) != null ? assignment.group(1) : assignment.group(3));
        }
        Matcher defined = DEFINE_PROPERTY.matcher(text);
        while (defined.find()) {
            names.add(defined.group(2));
        }
        Matcher esbuild = ESBUILD_EXPORT.matcher(text);
        while (esbuild.find()) {
            Matcher key = ESBUILD_KEY.matcher(esbuild.group(1));
            while (key.find()) {
                names.add(key.group(1));
            }
        }
        names.removeIf(name -> !IDENTIFIER.matcher(name).matches() || RESERVED.contains(name) || name.equals("__esModule"));
        return names;
    }

    /** The text of a CommonJS file as the function the loader calls (shebang dropped, lines kept). */
    static String wrap(String text) {
        String body = text.startsWith("#!") ? "//" + text.substring(2) : text;
        return "(function (exports, require, module, __filename, __dirname) {" + body + "\n})";
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static String normalize(String path) {
        return java.nio.file.Path.of("/").resolve(path).normalize().toString();
    }

    private static String parent(String path) {
        if (path.equals("/")) {
            return null;
        }
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    /** The text of a bundle file; IOException when it cannot be read. */
    String read(String guestPath) throws IOException {
        return files.read(guestPath);
    }
}
