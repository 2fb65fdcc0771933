package dev.hearth.launcher.web.url;

import java.util.ArrayList;
import java.util.Locale;

/**
 * The URL Standard's basic URL parser, state by state, including the state overrides the URL
 * setters use. Validation errors that are not failures are not reported (nothing shows them).
 */
final class UrlParser {

    enum State {
        SCHEME_START, SCHEME, NO_SCHEME, SPECIAL_RELATIVE_OR_AUTHORITY, PATH_OR_AUTHORITY, RELATIVE,
        RELATIVE_SLASH, SPECIAL_AUTHORITY_SLASHES, SPECIAL_AUTHORITY_IGNORE_SLASHES, AUTHORITY, HOST,
        HOSTNAME, PORT, FILE, FILE_SLASH, FILE_HOST, PATH_START, PATH, OPAQUE_PATH, QUERY, FRAGMENT
    }

    private static final int EOF = -1;

    private final int[] input;
    private final UrlRecord base;
    private final UrlRecord url;
    private final State stateOverride;
    private final StringBuilder buffer = new StringBuilder();
    private State state;
    private int pointer;
    private boolean atSignSeen;
    private boolean insideBrackets;
    private boolean passwordTokenSeen;

    private UrlParser(int[] input, UrlRecord base, UrlRecord url, State stateOverride) {
        this.input = input;
        this.base = base;
        this.url = url;
        this.stateOverride = stateOverride;
        this.state = stateOverride != null ? stateOverride : State.SCHEME_START;
    }

    /** Parses {@code input} against {@code base} (may be null); null for failure. */
    static UrlRecord parse(String input, UrlRecord base) {
        UrlRecord url = new UrlRecord();
        int[] codePoints = codePoints(input, true);
        return new UrlParser(codePoints, base, url, null).run() ? url : null;
    }

    /**
     * Runs the parser on an existing URL from {@code stateOverride} (for the setters); the URL
     * may be changed even when this returns false, as the standard's setters do.
     */
    static boolean parseInto(String input, UrlRecord url, State stateOverride) {
        return new UrlParser(codePoints(input, false), null, url, stateOverride).run();
    }

    /**
     * Code points of the input without ASCII tab and newline, and (for a new URL) without
     * leading and trailing C0 controls and spaces. Lone surrogates become U+FFFD (USVString).
     */
    private static int[] codePoints(String input, boolean trim) {
        int start = 0;
        int end = input.length();
        if (trim) {
            while (start < end && input.charAt(start) <= 0x20) start++;
            while (end > start && input.charAt(end - 1) <= 0x20) end--;
        }
        int[] out = new int[end - start];
        int n = 0;
        for (int i = start; i < end; ) {
            int cp = input.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\t' || cp == '\n' || cp == '\r') continue;
            if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
            out[n++] = cp;
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    private int c() {
        return pointer < input.length ? input[pointer] : EOF;
    }

    private int remaining(int offset) {
        int i = pointer + offset;
        return i < input.length ? input[i] : EOF;
    }

    private boolean isSlashOrSpecialBackslash(int c) {
        return c == '/' || (url.isSpecial() && c == '\\');
    }

    private boolean isEndOfAuthority(int c) {
        return c == EOF || c == '/' || c == '?' || c == '#' || (url.isSpecial() && c == '\\');
    }

    /** The code points from {@code from} start with a Windows drive letter (then end or / \ ? #). */
    private boolean startsWithWindowsDriveLetter(int from) {
        if (input.length - from < 2) return false;
        if (!Schemes.isAsciiAlpha(input[from]) || (input[from + 1] != ':' && input[from + 1] != '|')) return false;
        if (input.length - from == 2) return true;
        int third = input[from + 2];
        return third == '/' || third == '\\' || third == '?' || third == '#';
    }

    private boolean run() {
        while (true) {
            Boolean result = step(c());
            if (result != null) return result;
            if (pointer >= input.length) return true; // a step may step back from EOF: then go on
            pointer++;
        }
    }

    /** One step of the state machine; null to go on, true/false to return (success/failure). */
    private Boolean step(int c) {
        switch (state) {
            case SCHEME_START -> {
                if (Schemes.isAsciiAlpha(c)) {
                    buffer.append((char) Character.toLowerCase(c));
                    state = State.SCHEME;
                } else if (stateOverride == null) {
                    state = State.NO_SCHEME;
                    pointer--;
                } else {
                    return false;
                }
            }
            case SCHEME -> {
                if (Schemes.isAsciiAlpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
                    buffer.append((char) Character.toLowerCase(c));
                } else if (c == ':') {
                    String scheme = buffer.toString();
                    if (stateOverride != null) {
                        if (url.isSpecial() != Schemes.isSpecial(scheme)) return true;
                        if ((url.includesCredentials() || url.port >= 0) && scheme.equals("file")) return true;
                        if (url.scheme.equals("file") && url.host != null && url.host.isEmpty()) return true;
                    }
                    url.scheme = scheme;
                    if (stateOverride != null) {
                        if (url.port == Schemes.defaultPort(url.scheme)) url.port = -1;
                        return true;
                    }
                    buffer.setLength(0);
                    if (url.scheme.equals("file")) {
                        state = State.FILE;
                    } else if (url.isSpecial() && base != null && base.scheme.equals(url.scheme)) {
                        state = State.SPECIAL_RELATIVE_OR_AUTHORITY;
                    } else if (url.isSpecial()) {
                        state = State.SPECIAL_AUTHORITY_SLASHES;
                    } else if (remaining(1) == '/') {
                        state = State.PATH_OR_AUTHORITY;
                        pointer++;
                    } else {
                        url.opaquePath = "";
                        state = State.OPAQUE_PATH;
                    }
                } else if (stateOverride == null) {
                    buffer.setLength(0);
                    state = State.NO_SCHEME;
                    pointer = -1; // start over from the first code point
                } else {
                    return false;
                }
            }
            case NO_SCHEME -> {
                if (base == null || (base.hasOpaquePath() && c != '#')) return false;
                if (base.hasOpaquePath()) {
                    url.scheme = base.scheme;
                    url.opaquePath = base.opaquePath;
                    url.query = base.query;
                    url.fragment = "";
                    state = State.FRAGMENT;
                } else {
                    state = base.scheme.equals("file") ? State.FILE : State.RELATIVE;
                    pointer--;
                }
            }
            case SPECIAL_RELATIVE_OR_AUTHORITY -> {
                if (c == '/' && remaining(1) == '/') {
                    state = State.SPECIAL_AUTHORITY_IGNORE_SLASHES;
                    pointer++;
                } else {
                    state = State.RELATIVE;
                    pointer--;
                }
            }
            case PATH_OR_AUTHORITY -> {
                if (c == '/') {
                    state = State.AUTHORITY;
                } else {
                    state = State.PATH;
                    pointer--;
                }
            }
            case RELATIVE -> {
                url.scheme = base.scheme;
                if (isSlashOrSpecialBackslash(c)) {
                    state = State.RELATIVE_SLASH;
                } else {
                    url.username = base.username;
                    url.password = base.password;
                    url.host = base.host;
                    url.port = base.port;
                    url.path = new ArrayList<>(base.path);
                    url.query = base.query;
                    if (c == '?') {
                        url.query = "";
                        state = State.QUERY;
                    } else if (c == '#') {
                        url.fragment = "";
                        state = State.FRAGMENT;
                    } else if (c != EOF) {
                        url.query = null;
                        url.shortenPath();
                        state = State.PATH;
                        pointer--;
                    }
                }
            }
            case RELATIVE_SLASH -> {
                if (url.isSpecial() && (c == '/' || c == '\\')) {
                    state = State.SPECIAL_AUTHORITY_IGNORE_SLASHES;
                } else if (c == '/') {
                    state = State.AUTHORITY;
                } else {
                    url.username = base.username;
                    url.password = base.password;
                    url.host = base.host;
                    url.port = base.port;
                    state = State.PATH;
                    pointer--;
                }
            }
            case SPECIAL_AUTHORITY_SLASHES -> {
                state = State.SPECIAL_AUTHORITY_IGNORE_SLASHES;
                if (c == '/' && remaining(1) == '/') {
                    pointer++;
                } else {
                    pointer--;
                }
            }
            case SPECIAL_AUTHORITY_IGNORE_SLASHES -> {
                if (c != '/' && c != '\\') {
                    state = State.AUTHORITY;
                    pointer--;
                }
            }
            case AUTHORITY -> {
                if (c == '@') {
                    if (atSignSeen) buffer.insert(0, "%40");
                    atSignSeen = true;
                    String credentials = buffer.toString();
                    StringBuilder username = new StringBuilder(url.username);
                    StringBuilder password = new StringBuilder(url.password);
                    for (int i = 0; i < credentials.length(); ) {
                        int cp = credentials.codePointAt(i);
                        i += Character.charCount(cp);
                        if (cp == ':' && !passwordTokenSeen) {
                            passwordTokenSeen = true;
                            continue;
                        }
                        PercentEncoding.USERINFO.append(cp, passwordTokenSeen ? password : username);
                    }
                    url.username = username.toString();
                    url.password = password.toString();
                    buffer.setLength(0);
                } else if (isEndOfAuthority(c)) {
                    if (atSignSeen && buffer.isEmpty()) return false;
                    pointer -= buffer.codePointCount(0, buffer.length()) + 1;
                    buffer.setLength(0);
                    state = State.HOST;
                } else {
                    buffer.appendCodePoint(c);
                }
            }
            case HOST, HOSTNAME -> {
                if (stateOverride != null && url.scheme.equals("file")) {
                    pointer--;
                    state = State.FILE_HOST;
                } else if (c == ':' && !insideBrackets) {
                    if (buffer.isEmpty()) return false;
                    if (stateOverride == State.HOSTNAME) return false;
                    String host = HostParser.parse(buffer.toString(), !url.isSpecial());
                    if (host == null) return false;
                    url.host = host;
                    buffer.setLength(0);
                    state = State.PORT;
                } else if (isEndOfAuthority(c)) {
                    pointer--;
                    if (url.isSpecial() && buffer.isEmpty()) return false;
                    if (stateOverride != null && buffer.isEmpty() && (url.includesCredentials() || url.port >= 0)) {
                        return false;
                    }
                    String host = HostParser.parse(buffer.toString(), !url.isSpecial());
                    if (host == null) return false;
                    url.host = host;
                    buffer.setLength(0);
                    state = State.PATH_START;
                    if (stateOverride != null) return true;
                } else {
                    if (c == '[') insideBrackets = true;
                    if (c == ']') insideBrackets = false;
                    buffer.appendCodePoint(c);
                }
            }
            case PORT -> {
                if (c >= '0' && c <= '9') {
                    buffer.append((char) c);
                } else if (isEndOfAuthority(c) || stateOverride != null) {
                    if (!buffer.isEmpty()) {
                        int port = parsePort(buffer);
                        if (port < 0) return false;
                        url.port = port == Schemes.defaultPort(url.scheme) ? -1 : port;
                        buffer.setLength(0);
                        if (stateOverride != null) return true;
                    }
                    if (stateOverride != null) return false;
                    state = State.PATH_START;
                    pointer--;
                } else {
                    return false;
                }
            }
            case FILE -> {
                url.scheme = "file";
                url.host = "";
                if (c == '/' || c == '\\') {
                    state = State.FILE_SLASH;
                } else if (base != null && base.scheme.equals("file")) {
                    url.host = base.host;
                    url.path = new ArrayList<>(base.path);
                    url.query = base.query;
                    if (c == '?') {
                        url.query = "";
                        state = State.QUERY;
                    } else if (c == '#') {
                        url.fragment = "";
                        state = State.FRAGMENT;
                    } else if (c != EOF) {
                        url.query = null;
                        if (!startsWithWindowsDriveLetter(pointer)) {
                            url.shortenPath();
                        } else {
                            url.path = new ArrayList<>();
                        }
                        state = State.PATH;
                        pointer--;
                    }
                } else {
                    state = State.PATH;
                    pointer--;
                }
            }
            case FILE_SLASH -> {
                if (c == '/' || c == '\\') {
                    state = State.FILE_HOST;
                } else {
                    if (base != null && base.scheme.equals("file")) {
                        url.host = base.host;
                        if (!startsWithWindowsDriveLetter(pointer) && !base.path.isEmpty()
                                && Schemes.isNormalizedWindowsDriveLetter(base.path.getFirst())) {
                            url.path.add(base.path.getFirst());
                        }
                    }
                    state = State.PATH;
                    pointer--;
                }
            }
            case FILE_HOST -> {
                if (c == EOF || c == '/' || c == '\\' || c == '?' || c == '#') {
                    pointer--;
                    if (stateOverride == null && Schemes.isWindowsDriveLetter(buffer)) {
                        // the buffer is kept: the path state uses it as the first segment
                        state = State.PATH;
                    } else if (buffer.isEmpty()) {
                        url.host = "";
                        if (stateOverride != null) return true;
                        state = State.PATH_START;
                    } else {
                        String host = HostParser.parse(buffer.toString(), !url.isSpecial());
                        if (host == null) return false;
                        if (host.equals("localhost")) host = "";
                        url.host = host;
                        if (stateOverride != null) return true;
                        buffer.setLength(0);
                        state = State.PATH_START;
                    }
                } else {
                    buffer.appendCodePoint(c);
                }
            }
            case PATH_START -> {
                if (url.isSpecial()) {
                    state = State.PATH;
                    if (c != '/' && c != '\\') pointer--;
                } else if (stateOverride == null && c == '?') {
                    url.query = "";
                    state = State.QUERY;
                } else if (stateOverride == null && c == '#') {
                    url.fragment = "";
                    state = State.FRAGMENT;
                } else if (c != EOF) {
                    state = State.PATH;
                    if (c != '/') pointer--;
                } else if (stateOverride != null && url.host == null) {
                    url.path.add("");
                }
            }
            case PATH -> {
                boolean slash = isSlashOrSpecialBackslash(c);
                if (c == EOF || slash || (stateOverride == null && (c == '?' || c == '#'))) {
                    String segment = buffer.toString();
                    if (isDoubleDotSegment(segment)) {
                        url.shortenPath();
                        if (!slash) url.path.add("");
                    } else if (isSingleDotSegment(segment) && !slash) {
                        url.path.add("");
                    } else if (!isSingleDotSegment(segment)) {
                        if (url.scheme.equals("file") && url.path.isEmpty() && Schemes.isWindowsDriveLetter(segment)) {
                            segment = segment.charAt(0) + ":";
                        }
                        url.path.add(segment);
                    }
                    buffer.setLength(0);
                    if (c == '?') {
                        url.query = "";
                        state = State.QUERY;
                    } else if (c == '#') {
                        url.fragment = "";
                        state = State.FRAGMENT;
                    }
                } else {
                    PercentEncoding.PATH.append(c, buffer);
                }
            }
            case OPAQUE_PATH -> {
                // collected in the buffer: appending to the record's string per code point is quadratic
                if (c == '?' || c == '#' || c == EOF) {
                    url.opaquePath += buffer;
                    buffer.setLength(0);
                    if (c == '?') {
                        url.query = "";
                        state = State.QUERY;
                    } else if (c == '#') {
                        url.fragment = "";
                        state = State.FRAGMENT;
                    }
                } else if (c == ' ') {
                    // a space right before the query or fragment is encoded, so it survives
                    int next = remaining(1);
                    buffer.append((next == '?' || next == '#') ? "%20" : " ");
                } else {
                    PercentEncoding.C0_CONTROL.append(c, buffer);
                }
            }
            case QUERY -> {
                if ((stateOverride == null && c == '#') || c == EOF) {
                    PercentEncoding set = url.isSpecial() ? PercentEncoding.SPECIAL_QUERY : PercentEncoding.QUERY;
                    StringBuilder query = new StringBuilder(url.query);
                    String text = buffer.toString();
                    for (int i = 0; i < text.length(); ) {
                        int cp = text.codePointAt(i);
                        i += Character.charCount(cp);
                        set.append(cp, query);
                    }
                    url.query = query.toString();
                    buffer.setLength(0);
                    if (c == '#') {
                        url.fragment = "";
                        state = State.FRAGMENT;
                    }
                } else {
                    buffer.appendCodePoint(c);
                }
            }
            case FRAGMENT -> {
                if (c == EOF) {
                    url.fragment += buffer;
                    buffer.setLength(0);
                } else {
                    PercentEncoding.FRAGMENT.append(c, buffer);
                }
            }
        }
        return null;
    }

    /** The port number, or -1 when above 65535. */
    private static int parsePort(CharSequence digits) {
        int value = 0;
        for (int i = 0; i < digits.length(); i++) {
            value = value * 10 + (digits.charAt(i) - '0');
            if (value > 65535) return -1;
        }
        return value;
    }

    private static boolean isSingleDotSegment(String s) {
        return s.equals(".") || s.equalsIgnoreCase("%2e");
    }

    private static boolean isDoubleDotSegment(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "..", ".%2e", "%2e.", "%2e%2e" -> true;
            default -> false;
        };
    }
}
