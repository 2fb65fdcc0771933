package dev.hearth.launcher.js;

import java.util.regex.Pattern;

/**
 * Whether an entrypoint is an ES module or a classic script.
 *
 * <p>The rule, cheap and predictable: {@code .mjs} is a module, {@code .cjs} a script; any other
 * file is a module when a line starts (after indentation) with a static {@code import} or
 * {@code export} statement, or the source mentions {@code import.meta}; otherwise it is a script.
 * Dynamic {@code import(...)} works in both kinds and does not count. The scan does not parse, so
 * an {@code import x from} at the start of a line inside a template literal or block comment
 * also makes a module: a rare case that then fails with a clear syntax error. A script that
 * does not parse but parses as a module (top-level {@code await} with no import or export) is run
 * as a module ({@link FunctionRuntime#load}), as node's syntax detection does.
 */
public enum SourceKind {
    MODULE, SCRIPT;

    private static final Pattern STATIC_IMPORT_EXPORT = Pattern.compile(
            "^[ \\t]*(?:import(?:[ \\t]+[\\w$*{]|[ \\t]*[{*\"'])|export(?:[ \\t]+[\\w$*{]|[ \\t]*[{*]))",
            Pattern.MULTILINE);
    private static final Pattern IMPORT_META = Pattern.compile("\\bimport[ \\t]*\\.[ \\t]*meta\\b");

    public static SourceKind detect(String fileName, CharSequence source) {
        if (fileName.endsWith(".mjs")) {
            return MODULE;
        }
        if (fileName.endsWith(".cjs")) {
            return SCRIPT;
        }
        return STATIC_IMPORT_EXPORT.matcher(source).find() || IMPORT_META.matcher(source).find()
                ? MODULE : SCRIPT;
    }

    /** The MIME type GraalJS uses to choose how to parse the source. */
    public String mimeType() {
        return this == MODULE ? "application/javascript+module" : "application/javascript";
    }
}
