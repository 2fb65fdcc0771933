package dev.hearth.launcher.web.url;

import java.util.ArrayList;
import java.util.List;

/**
 * A URL record of the URL Standard, mutable because the setters change it in place. The host is
 * kept serialized (null: no host). The path is either a list of segments or, for URLs such as
 * {@code mailto:x}, an opaque string.
 */
final class UrlRecord {

    String scheme = "";
    String username = "";
    String password = "";
    String host;
    /** -1: none (also when it is the scheme's default). */
    int port = -1;
    List<String> path = new ArrayList<>();
    /** Non-null for an opaque path, which then replaces {@link #path}. */
    String opaquePath;
    String query;
    String fragment;

    UrlRecord copy() {
        UrlRecord copy = new UrlRecord();
        copy.scheme = scheme;
        copy.username = username;
        copy.password = password;
        copy.host = host;
        copy.port = port;
        copy.path = new ArrayList<>(path);
        copy.opaquePath = opaquePath;
        copy.query = query;
        copy.fragment = fragment;
        return copy;
    }

    boolean isSpecial() {
        return Schemes.isSpecial(scheme);
    }

    boolean hasOpaquePath() {
        return opaquePath != null;
    }

    boolean includesCredentials() {
        return !username.isEmpty() || !password.isEmpty();
    }

    boolean cannotHaveUsernamePasswordOrPort() {
        return host == null || host.isEmpty() || scheme.equals("file");
    }

    /** The standard's "shorten a path": a file URL keeps a lone drive letter. */
    void shortenPath() {
        if (scheme.equals("file") && path.size() == 1 && Schemes.isNormalizedWindowsDriveLetter(path.getFirst())) return;
        if (!path.isEmpty()) path.removeLast();
    }

    String pathname() {
        if (opaquePath != null) return opaquePath;
        StringBuilder out = new StringBuilder();
        for (String segment : path) out.append('/').append(segment);
        return out.toString();
    }

    /** The URL serializer (href). */
    String serialize(boolean excludeFragment) {
        StringBuilder out = new StringBuilder(scheme).append(':');
        if (host != null) {
            out.append("//");
            if (includesCredentials()) {
                out.append(username);
                if (!password.isEmpty()) out.append(':').append(password);
                out.append('@');
            }
            out.append(host);
            if (port >= 0) out.append(':').append(port);
        } else if (opaquePath == null && path.size() > 1 && path.getFirst().isEmpty()) {
            out.append("/."); // keeps "//" at the start of the path from reading as a host
        }
        out.append(pathname());
        if (query != null) out.append('?').append(query);
        if (!excludeFragment && fragment != null) out.append('#').append(fragment);
        return out.toString();
    }

    /** The ASCII serialization of the URL's origin ("null" for an opaque origin). */
    String origin() {
        switch (scheme) {
            case "blob" -> {
                UrlRecord inner = UrlParser.parse(pathname(), null);
                if (inner != null && (inner.scheme.equals("http") || inner.scheme.equals("https"))) return inner.origin();
                return "null";
            }
            case "ftp", "http", "https", "ws", "wss" -> {
                return scheme + "://" + host + (port >= 0 ? ":" + port : "");
            }
            default -> {
                return "null"; // file: is left to implementations; like browsers and Node, opaque
            }
        }
    }
}
