package dev.hearth.launcher.web.url;

/**
 * The URL Standard's setters of the URL class (except href, which is a plain parse), each
 * applied to a URL record in place. Values that do not parse leave the URL as the standard says
 * (often unchanged, sometimes half changed: e.g. host "example.com:bad" sets the host only).
 */
final class UrlSetters {

    private UrlSetters() {}

    static void set(UrlRecord url, String setter, String value) {
        switch (setter) {
            case "protocol" -> UrlParser.parseInto(value + ":", url, UrlParser.State.SCHEME_START);
            case "username" -> {
                if (!url.cannotHaveUsernamePasswordOrPort()) url.username = PercentEncoding.USERINFO.encode(value, false);
            }
            case "password" -> {
                if (!url.cannotHaveUsernamePasswordOrPort()) url.password = PercentEncoding.USERINFO.encode(value, false);
            }
            case "host" -> {
                if (!url.hasOpaquePath()) UrlParser.parseInto(value, url, UrlParser.State.HOST);
            }
            case "hostname" -> {
                if (!url.hasOpaquePath()) UrlParser.parseInto(value, url, UrlParser.State.HOSTNAME);
            }
            case "port" -> {
                if (url.cannotHaveUsernamePasswordOrPort()) return;
                if (value.isEmpty()) {
                    url.port = -1;
                } else {
                    UrlParser.parseInto(value, url, UrlParser.State.PORT);
                }
            }
            case "pathname" -> {
                if (url.hasOpaquePath()) return;
                url.path.clear();
                UrlParser.parseInto(value, url, UrlParser.State.PATH_START);
            }
            case "search" -> {
                if (value.isEmpty()) {
                    url.query = null;
                    return;
                }
                url.query = "";
                UrlParser.parseInto(value.startsWith("?") ? value.substring(1) : value, url, UrlParser.State.QUERY);
            }
            case "hash" -> {
                if (value.isEmpty()) {
                    url.fragment = null;
                    return;
                }
                url.fragment = "";
                UrlParser.parseInto(value.startsWith("#") ? value.substring(1) : value, url, UrlParser.State.FRAGMENT);
            }
            // URLSearchParams' update steps: its serialization, or no query when it is empty
            case "query" -> url.query = value.isEmpty() ? null : value;
            default -> throw new IllegalArgumentException("no URL setter " + setter);
        }
    }
}
