package dev.hearth.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The exclusion rules of a {@code .hearthignore} or {@code .dockerignore} file, in Docker's
 * syntax, so that a directory that already has a .dockerignore builds the same files with hearth:
 *
 * <ul>
 *   <li>one pattern a line; blank lines and lines starting with {@code #} are ignored;</li>
 *   <li>paths are relative to the function's directory, with or without a leading {@code /};</li>
 *   <li>{@code *} matches within one path component, {@code ?} one character, {@code [a-z]} a
 *       class, {@code **} any number of components (also none), {@code \} escapes;</li>
 *   <li>a pattern that matches a directory excludes everything below it;</li>
 *   <li>{@code !pattern} re-includes what it matches; the last matching line wins.</li>
 * </ul>
 */
final class IgnoreRules {
    /** Read in this order; the first that exists is used (a .hearthignore overrides a .dockerignore). */
    static final List<String> FILE_NAMES = List.of(".hearthignore", ".dockerignore");

    private record Rule(String pattern, Pattern regex, boolean negated) {}

    private final List<Rule> rules;
    private final String source;

    private IgnoreRules(List<Rule> rules, String source) {
        this.rules = List.copyOf(rules);
        this.source = source;
    }

    static IgnoreRules none() {
        return new IgnoreRules(List.of(), "no ignore file");
    }

    /** Parses the lines of an ignore file; {@code source} names it in error messages. */
    static IgnoreRules parse(String text, String source) throws BuildException {
        List<Rule> rules = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            boolean negated = line.startsWith("!");
            String pattern = clean(negated ? line.substring(1).strip() : line);
            if (pattern.isEmpty()) {
                if (negated) throw new BuildException(source + " line " + (i + 1) + ": \"!\" without a pattern");
                continue; // "/" or "." would exclude everything, which Docker also ignores
            }
            try {
                rules.add(new Rule(pattern, Pattern.compile(toRegex(pattern)), negated));
            } catch (IllegalArgumentException e) {
                throw new BuildException(source + " line " + (i + 1) + ": bad pattern \"" + line + "\": " + e.getMessage(), e);
            }
        }
        return new IgnoreRules(rules, source);
    }

    /** The rules of {@code dir}'s .hearthignore, else its .dockerignore, else none. */
    static IgnoreRules read(Path dir) throws BuildException {
        for (String name : FILE_NAMES) {
            Path file = dir.resolve(name);
            if (!Files.isRegularFile(file)) continue;
            try {
                return parse(Files.readString(file, StandardCharsets.UTF_8), name);
            } catch (IOException e) {
                throw new BuildException("cannot read " + file + ": " + SourceTree.reason(e), e);
            }
        }
        return none();
    }

    /** The file the rules came from, for messages. */
    String source() { return source; }

    /** Whether some rule re-includes files: then an excluded directory must still be looked into. */
    boolean hasExceptions() {
        return rules.stream().anyMatch(Rule::negated);
    }

    /** Whether {@code relativePath} ('/'-separated, below the function's directory) is left out. */
    boolean excludes(String relativePath) {
        boolean excluded = false;
        for (Rule rule : rules) {
            // An exception matters only to an excluded path, an exclusion only to an included one.
            if (rule.negated() != excluded) continue;
            if (matchesItselfOrParent(rule.regex(), relativePath)) excluded = !rule.negated();
        }
        return excluded;
    }

    /** The pattern that decided {@code relativePath}'s exclusion, for an error message. */
    Optional<String> excludingPattern(String relativePath) {
        String found = null;
        for (Rule rule : rules) {
            if (matchesItselfOrParent(rule.regex(), relativePath)) found = rule.negated() ? null : rule.pattern();
        }
        return Optional.ofNullable(found);
    }

    private static boolean matchesItselfOrParent(Pattern regex, String path) {
        for (String p = path; ; p = p.substring(0, p.lastIndexOf('/'))) {
            if (regex.matcher(p).matches()) return true;
            if (p.lastIndexOf('/') < 0) return false;
        }
    }

    /** Like Go's filepath.Clean on a relative pattern: no leading "/" or "./", no "//", "." or trailing "/". */
    static String clean(String pattern) {
        List<String> parts = new ArrayList<>();
        for (String part : pattern.split("/")) {
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..") && !parts.isEmpty() && !parts.getLast().equals("..")) parts.removeLast();
            else parts.add(part);
        }
        return String.join("/", parts);
    }

    /** Translates a cleaned pattern into an anchored regular expression over '/'-separated paths. */
    static String toRegex(String pattern) {
        StringBuilder re = new StringBuilder();
        int n = pattern.length();
        for (int i = 0; i < n; i++) {
            char c = pattern.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < n && pattern.charAt(i + 1) == '*') {
                        i++;
                        if (i + 1 < n && pattern.charAt(i + 1) == '/') {
                            i++;
                            re.append("(?:.*/)?"); // "**/": any number of directories, also none
                        } else {
                            re.append(".*");
                        }
                    } else {
                        re.append("[^/]*");
                    }
                }
                case '?' -> re.append("[^/]");
                case '[' -> {
                    int end = pattern.indexOf(']', i + 2);
                    if (end < 0) throw new IllegalArgumentException("unterminated [");
                    String body = pattern.substring(i + 1, end);
                    if (body.startsWith("!") || body.startsWith("^")) body = "^" + body.substring(1);
                    re.append('[').append(body.replace("\\", "\\\\").replace("[", "\\[")).append(']');
                    i = end;
                }
                case '\\' -> {
                    if (i + 1 >= n) throw new IllegalArgumentException("trailing \\");
                    re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }
}
