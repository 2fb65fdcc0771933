package dev.hearth.build.registry;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 7235): a scheme and its parameters, e.g.
 * {@code Bearer realm="https://auth.example.com/token",service="registry",scope="repository:a:pull"}
 * or {@code Basic realm="registry"}. Parameter names are case-insensitive, so they are kept in
 * lower case; values may be quoted strings with backslash escapes.
 */
public record AuthChallenge(String scheme, Map<String, String> parameters) {
    public AuthChallenge {
        parameters = Map.copyOf(parameters);
    }

    public boolean isBearer() { return scheme.equalsIgnoreCase("Bearer"); }

    public boolean isBasic() { return scheme.equalsIgnoreCase("Basic"); }

    public String parameter(String name) { return parameters.get(name.toLowerCase(Locale.ROOT)); }

    /**
     * Parses the first challenge of a header value. A later challenge (a second scheme in the
     * same header) ends it; registries send one.
     *
     * @throws IllegalArgumentException naming what is malformed
     */
    public static AuthChallenge parse(String header) {
        if (header == null || header.isBlank()) throw new IllegalArgumentException("empty WWW-Authenticate header");
        Parser p = new Parser(header);
        String scheme = p.token();
        if (scheme.isEmpty()) throw new IllegalArgumentException("WWW-Authenticate \"" + header + "\" has no scheme");
        Map<String, String> params = new TreeMap<>();
        while (true) {
            p.skip(" \t,");
            if (p.atEnd()) break;
            int mark = p.pos;
            String name = p.token();
            if (name.isEmpty())
                throw new IllegalArgumentException("WWW-Authenticate \"" + header + "\": expected name=value at " + mark);
            p.skip(" \t");
            if (!p.take('=')) break; // the next challenge's scheme: not part of this one
            p.skip(" \t");
            String value = p.atEnd() || p.peek() != '"' ? p.token() : p.quoted();
            params.put(name.toLowerCase(Locale.ROOT), value);
        }
        return new AuthChallenge(scheme, params);
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) { this.s = s.strip(); }

        boolean atEnd() { return pos >= s.length(); }

        char peek() { return s.charAt(pos); }

        boolean take(char c) {
            if (!atEnd() && s.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        void skip(String chars) {
            while (!atEnd() && chars.indexOf(s.charAt(pos)) >= 0) pos++;
        }

        /** An RFC 7230 token (also accepts '/' and ':' which some registries leave unquoted in realms). */
        String token() {
            int start = pos;
            while (!atEnd() && " \t,=\"".indexOf(s.charAt(pos)) < 0) pos++;
            return s.substring(start, pos);
        }

        String quoted() {
            int start = pos;
            pos++; // opening quote
            StringBuilder out = new StringBuilder();
            while (!atEnd()) {
                char c = s.charAt(pos++);
                if (c == '"') return out.toString();
                if (c == '\\' && !atEnd()) c = s.charAt(pos++);
                out.append(c);
            }
            throw new IllegalArgumentException("unterminated quoted string at " + start + " in \"" + s + "\"");
        }
    }
}
