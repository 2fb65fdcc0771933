package dev.hearth.launcher.web.url;

import java.util.ArrayList;

/**
 * A URL record as one string for the JS side of URL: its fields joined by U+0000, a missing
 * (null) value as U+0001. Both are safe separators because every component of a parsed URL is
 * ASCII with the C0 controls percent-encoded. JS reads the fields with one split and hands the
 * same string back for a setter, from which the record is rebuilt exactly.
 *
 * <p>Fields: href, scheme, username, password, host, port ("" for none), pathname, query,
 * fragment, opaque-path flag ("1"/"0"), origin.
 */
final class UrlComponents {

    private static final char SEPARATOR = '\0';
    private static final String NULL = "\u0001";

    private UrlComponents() {}

    static String encode(UrlRecord url) {
        return String.join(String.valueOf(SEPARATOR),
                url.serialize(false), url.scheme, url.username, url.password, orNull(url.host),
                url.port < 0 ? "" : Integer.toString(url.port), url.pathname(), orNull(url.query),
                orNull(url.fragment), url.hasOpaquePath() ? "1" : "0", url.origin());
    }

    static UrlRecord decode(String components) {
        String[] f = components.split(String.valueOf(SEPARATOR), -1);
        if (f.length != 11) {
            throw new IllegalArgumentException("not a URL's components: " + f.length + " fields");
        }
        UrlRecord url = new UrlRecord();
        url.scheme = f[1];
        url.username = f[2];
        url.password = f[3];
        url.host = fromNull(f[4]);
        url.port = f[5].isEmpty() ? -1 : Integer.parseInt(f[5]);
        if (f[9].equals("1")) {
            url.opaquePath = f[6];
        } else {
            // Segments never hold '/', so the pathname splits back into them ("" -> no segments).
            url.path = new ArrayList<>();
            if (!f[6].isEmpty()) {
                for (String segment : f[6].substring(1).split("/", -1)) url.path.add(segment);
            }
        }
        url.query = fromNull(f[7]);
        url.fragment = fromNull(f[8]);
        return url;
    }

    private static String orNull(String value) {
        return value == null ? NULL : value;
    }

    private static String fromNull(String value) {
        return value.equals(NULL) ? null : value;
    }
}
