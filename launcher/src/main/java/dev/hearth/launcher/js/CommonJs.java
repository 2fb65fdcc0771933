package dev.hearth.launcher.js;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CommonJS modules in a function's bundle, for the npm packages that still ship them: which files
 * are CommonJS, what {@code require(specifier)} finds, and the ES module an {@code import} of a
 * CommonJS file gets instead of its text (its {@code module.exports} as the default export, and
 * the names a scan of its source finds assigned to {@code exports} or in an object literal
 * assigned to {@code module.exports} as named exports, and those of the module a
 * {@code module.exports = require(...)} re-exports, as node's cjs-module-lexer does for the usual
 * shapes). The loader itself is commonjs.js.
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
    /** {@code module.exports =} (not {@code ==}, not {@code module.exports.x =}): what follows is scanned. */
    private static final Pattern MODULE_EXPORTS_ASSIGNMENT = Pattern.compile("(?<![\\w$.])module\\.exports\\s*=(?!=)\\s*");
    /** {@code require("x")} as a whole value: not {@code require("x").y} or {@code require("x")(...)}. */
    private static final Pattern REQUIRE_CALL = Pattern.compile(
            "require\\s*\\(\\s*(['\"])([^'\"\\\\\\n]+)\\1\\s*\\)(?!\\s*[.\\[(`])");
    /** How deep {@code module.exports = require(...)} chains are followed for names. */
    private static final int MAX_REEXPORT_DEPTH = 8;
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
     * file (once, shared with require) and the module re-exports what it got, under the names a
     * scan of its source finds and those of the modules it re-exports
     * ({@code module.exports = require("./other")}), followed as require would resolve them.
     */
    String esModule(String guestPath, String text) {
        return esModuleFor(guestPath, namesWithReexports(guestPath, text, new HashSet<>(), 0));
    }

    /** {@link #esModule} without following re-exports: for the entrypoint, whose names nobody imports. */
    static String esModuleFor(String guestPath, String text) {
        return esModuleFor(guestPath, scanExports(text).names());
    }

    private static String esModuleFor(String guestPath, Set<String> names) {
        StringBuilder module = new StringBuilder()
                .append("const m = globalThis[Symbol.for('hearth.commonjs')].load(").append(quote(guestPath)).append(");\n")
                .append("export default m;\n")
                .append("const o = Object(m);\n");
        int i = 0;
        for (String name : names) {
            module.append("const e").append(i).append(" = o[").append(quote(name)).append("];\n")
                    .append("export { e").append(i).append(" as ").append(name).append(" };\n");
            i++;
        }
        return module.toString();
    }

    /**
     * The names of the file and of the files it re-exports. A re-export that cannot be resolved or
     * read adds no names (its require fails when the module runs, with node's error); a cycle or a
     * chain deeper than {@value #MAX_REEXPORT_DEPTH} stops being followed.
     */
    private Set<String> namesWithReexports(String guestPath, String text, Set<String> seen, int depth) {
        ExportScan scan = scanExports(text);
        Set<String> names = new LinkedHashSet<>(scan.names());
        if (!seen.add(guestPath) || depth >= MAX_REEXPORT_DEPTH) {
            return names;
        }
        for (String specifier : scan.reexports()) {
            try {
                String target = resolve(specifier, parent(guestPath));
                if (target.endsWith(".js") || target.endsWith(".cjs")) {
                    names.addAll(namesWithReexports(target, files.read(target), seen, depth + 1));
                }
            } catch (IllegalArgumentException | IOException e) {
                // not found, a node built-in, unreadable: no names from it
            }
        }
        return names;
    }

    /** The names the source assigns to exports, that can be named exports (identifiers, not default). */
    static Set<String> exportNames(String text) {
        return scanExports(text).names();
    }

    /**
     * What a scan of a CommonJS source finds: the names it exports and the specifiers whose
     * modules it re-exports.
     *
     * @param names     identifiers other than {@code default} and {@code __esModule}
     * @param reexports as node's lexer: those of the last {@code module.exports = require(...)} or
     *                  {@code module.exports = { ...require(...) }} assignment
     */
    record ExportScan(Set<String> names, List<String> reexports) { }

    static ExportScan scanExports(String text) {
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
        List<String> reexports = List.of();
        Matcher moduleExports = MODULE_EXPORTS_ASSIGNMENT.matcher(text);
        while (moduleExports.find()) {
            int at = moduleExports.end();
            Matcher require = REQUIRE_CALL.matcher(text).region(at, text.length());
            if (require.lookingAt()) {
                reexports = List.of(require.group(2));
            } else if (at < text.length() && text.charAt(at) == '{') {
                ObjectLiteral literal = new ObjectLiteral(text, at);
                literal.scan();
                names.addAll(literal.keys);
                reexports = List.copyOf(literal.spreadRequires);
            }
        }
        names.removeIf(name -> !IDENTIFIER.matcher(name).matches() || RESERVED.contains(name) || name.equals("__esModule"));
        return new ExportScan(names, reexports);
    }

    /**
     * The keys of an object literal assigned to {@code module.exports}: shorthand ({@code a}),
     * {@code key: value} and {@code "quoted": value}, methods ({@code f() {}}, also {@code async},
     * {@code *} and {@code get}/{@code set} ones), and the {@code require(...)} calls it spreads.
     * Values are skipped by matching brackets, strings, templates, comments and regular
     * expressions, not parsed. Node's lexer stops at the first value that is not an identifier;
     * this one reads on, and stops (keeping the keys so far) at a computed key or anything it does
     * not understand: a key too many only exports undefined, as node's over-detection does.
     */
    private static final class ObjectLiteral {
        final String text;
        final List<String> keys = new ArrayList<>();
        final List<String> spreadRequires = new ArrayList<>();
        private static final int MAX_NESTING = 256;
        int pos;
        private int nesting;

        ObjectLiteral(String text, int openBrace) {
            this.text = text;
            this.pos = openBrace + 1;
        }

        void scan() {
            while (true) {
                skipSpace();
                if (at('}')) {
                    return;
                }
                if (text.startsWith("...", pos)) {
                    pos += 3;
                    skipSpace();
                    Matcher require = REQUIRE_CALL.matcher(text).region(pos, text.length());
                    if (require.lookingAt()) {
                        spreadRequires.add(require.group(2));
                    }
                    if (!skipValue()) {
                        return;
                    }
                } else if (!property()) {
                    return;
                }
                skipSpace();
                if (!at(',')) {
                    return; // '}' or something not understood: the end either way
                }
                pos++;
            }
        }

        /** One property; false when it is not one this scan reads. */
        private boolean property() {
            boolean generator = at('*');
            if (generator) {
                pos++;
                skipSpace();
            }
            String key = key();
            if (key == null) {
                return false;
            }
            skipSpace();
            if (!generator && (key.equals("get") || key.equals("set") || key.equals("async")) && !at('(')
                    && !at(':') && !at(',') && !at('}')) {
                // an accessor or async method: the key follows
                if (at('*')) {
                    pos++;
                    skipSpace();
                }
                key = key();
                if (key == null) {
                    return false;
                }
                skipSpace();
            }
            if (at(',') || at('}')) {
                keys.add(key); // shorthand
                return true;
            }
            if (at(':')) {
                pos++;
                keys.add(key);
                return skipValue();
            }
            if (at('(')) {
                keys.add(key); // method: its parameters, then its body
                if (!skipBalanced()) {
                    return false;
                }
                skipSpace();
                return at('{') && skipBalanced();
            }
            return false;
        }

        /** An identifier or a quoted key (pos after it), or null. */
        private String key() {
            if (at('"') || at('\'')) {
                int start = pos + 1;
                if (!skipString()) {
                    return null;
                }
                String key = text.substring(start, pos - 1);
                return key.indexOf('\\') >= 0 ? null : key;
            }
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_'
                    || text.charAt(pos) == '$')) {
                pos++;
            }
            return pos > start && !Character.isDigit(text.charAt(start)) ? text.substring(start, pos) : null;
        }

        /** Skips a property's value up to the ',' or '}' that ends it; false when the text ends first. */
        private boolean skipValue() {
            char previous = ':';
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == ',' || c == '}') {
                    return true;
                }
                if (Character.isWhitespace(c) || text.startsWith("//", pos) || text.startsWith("/*", pos)) {
                    skipSpace();
                    continue;
                }
                if (!skipToken(previous)) {
                    return false;
                }
                previous = text.charAt(pos - 1);
            }
            return false;
        }

        /**
         * Skips one token or bracketed group at pos; {@code previous} is the last significant
         * character before it, which tells a regular expression from a division as well as a scan can.
         */
        private boolean skipToken(char previous) {
            char c = text.charAt(pos);
            switch (c) {
                case '"', '\'', '`' -> {
                    return skipString();
                }
                case '(', '[', '{' -> {
                    return skipBalanced();
                }
                case ')', ']' -> {
                    return false; // unbalanced: not a value this scan understands
                }
                case '/' -> {
                    // after an operand (a name, a number, a closing bracket, a string) '/' divides
                    boolean division = Character.isLetterOrDigit(previous) || "_$)]'\"`".indexOf(previous) >= 0;
                    return division ? advance() : skipRegExp();
                }
                default -> {
                    return advance();
                }
            }
        }

        private boolean advance() {
            pos++;
            return true;
        }

        /** Skips from an opening bracket to its matching closing one (not deeper than {@value #MAX_NESTING}). */
        private boolean skipBalanced() {
            if (nesting == MAX_NESTING) {
                return false; // the scan recurses per bracket: a pathological file ends it, not the stack
            }
            nesting++;
            try {
                return skipBalancedGroup();
            } finally {
                nesting--;
            }
        }

        private boolean skipBalancedGroup() {
            char close = switch (text.charAt(pos)) {
                case '(' -> ')';
                case '[' -> ']';
                default -> '}';
            };
            pos++;
            char previous = '(';
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == close) {
                    pos++;
                    return true;
                }
                if (Character.isWhitespace(c) || text.startsWith("//", pos) || text.startsWith("/*", pos)) {
                    skipSpace();
                    continue;
                }
                if (c == ')' || c == ']' || c == '}') {
                    return false;
                }
                if (!skipToken(previous)) {
                    return false;
                }
                previous = text.charAt(pos - 1);
            }
            return false;
        }

        /** Skips a string or template literal (with its {@code ${...}} parts) from its opening quote. */
        private boolean skipString() {
            char quote = text.charAt(pos++);
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '\\') {
                    pos += 2;
                } else if (c == quote) {
                    pos++;
                    return true;
                } else if (quote == '`' && text.startsWith("${", pos)) {
                    pos++;
                    if (!skipBalanced()) {
                        return false;
                    }
                } else if (c == '\n' && quote != '`') {
                    return false;
                } else {
                    pos++;
                }
            }
            return false;
        }

        /** Skips a regular expression literal from its opening slash (a '/' inside [...] does not end it). */
        private boolean skipRegExp() {
            pos++;
            boolean inClass = false;
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '\\') {
                    pos += 2;
                    continue;
                }
                if (c == '\n') {
                    return false;
                }
                pos++;
                if (c == '[') {
                    inClass = true;
                } else if (c == ']') {
                    inClass = false;
                } else if (c == '/' && !inClass) {
                    return true;
                }
            }
            return false;
        }

        /** Skips whitespace and comments. */
        private void skipSpace() {
            while (pos < text.length()) {
                if (Character.isWhitespace(text.charAt(pos))) {
                    pos++;
                } else if (text.startsWith("//", pos)) {
                    int end = text.indexOf('\n', pos);
                    pos = end < 0 ? text.length() : end + 1;
                } else if (text.startsWith("/*", pos)) {
                    int end = text.indexOf("*/", pos + 2);
                    pos = end < 0 ? text.length() : end + 2;
                } else {
                    return;
                }
            }
        }

        private boolean at(char c) {
            return pos < text.length() && text.charAt(pos) == c;
        }
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
