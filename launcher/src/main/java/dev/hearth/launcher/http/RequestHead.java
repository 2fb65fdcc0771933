package dev.hearth.launcher.http;

import java.util.List;

/**
 * A parsed request line and header section.
 *
 * @param method        the method token as sent (case-sensitive, e.g. {@code GET})
 * @param target        the request-target as sent ({@code /path?q} or an absolute URL)
 * @param minorVersion  1 for HTTP/1.1, 0 for HTTP/1.0
 * @param headers       names (lower case) and values, flat: {@code [n1, v1, n2, v2, ...]}, in order
 * @param host          the Host header's value, or null (only allowed for HTTP/1.0)
 * @param framing       how the body is delimited
 * @param contentLength the body's length for {@link Framing#LENGTH}, else 0
 * @param keepAlive     whether the connection may carry another request after this one
 * @param expectContinue whether the client waits for {@code 100 Continue} before the body
 */
public record RequestHead(String method, String target, int minorVersion, List<String> headers, String host,
        Framing framing, long contentLength, boolean keepAlive, boolean expectContinue) {

    /** How a request body is delimited (RFC 9112 section 6.3). */
    public enum Framing { NONE, LENGTH, CHUNKED }

    public boolean hasBody() {
        return framing != Framing.NONE;
    }

    /** The URL a fetch handler sees: absolute-form targets as they are, else http://host + target. */
    public String url() {
        if (target.startsWith("/")) {
            return "http://" + (host == null || host.isEmpty() ? "localhost" : host) + target;
        }
        return target;
    }
}
