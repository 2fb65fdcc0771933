package dev.hearth.launcher.http;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Writes response heads and chunk framing. Header names and values come from the function's
 * {@code Headers} (byte strings, already validated there); they are checked again for CR, LF and
 * NUL here because a single stray line break would let a handler split the response. The
 * framing headers (Content-Length, Transfer-Encoding, Connection) are the server's to set: the
 * function's own are dropped, except a Content-Length on a response that carries no body (HEAD,
 * 304), where it describes the body that a GET would get.
 */
final class ResponseEncoder {

    static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF = {'\r', '\n'};
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT);

    private static volatile CachedDate cachedDate = new CachedDate(0, "");

    private record CachedDate(long second, String value) {}

    private ResponseEncoder() {}

    /** How the body of a response is delimited on the wire. */
    enum BodyFraming { NONE, LENGTH, CHUNKED, CLOSE }

    /**
     * The status line and header section.
     *
     * @param minorVersion  the request's HTTP version (the response speaks 1.1 either way)
     * @param headers       the function's headers, flat {@code [n1, v1, ...]}, names lower case
     * @param framing       how the body follows
     * @param contentLength for {@link BodyFraming#LENGTH}
     * @param keepAlive     whether the connection stays open after this response
     * @param bodiless      no body is sent whatever the framing says (HEAD, 204, 304)
     */
    static byte[] head(int minorVersion, int status, String reason, List<String> headers, BodyFraming framing,
            long contentLength, boolean keepAlive, boolean bodiless) throws HttpError {
        StringBuilder out = new StringBuilder(128 + headers.size() * 24);
        out.append("HTTP/1.1 ").append(status).append(' ');
        appendChecked(out, reason == null || reason.isEmpty() ? reasonPhrase(status) : reason);
        out.append("\r\n");
        boolean hasDate = false;
        for (int i = 0; i + 1 < headers.size(); i += 2) {
            String name = headers.get(i);
            switch (name) {
                case "connection", "transfer-encoding", "keep-alive" -> {
                    continue;
                }
                case "content-length" -> {
                    if (!bodiless || status == 204) {
                        continue;
                    }
                }
                case "date" -> hasDate = true;
                default -> { }
            }
            appendChecked(out, name);
            out.append(": ");
            appendChecked(out, headers.get(i + 1));
            out.append("\r\n");
        }
        if (!hasDate) {
            out.append("date: ").append(httpDate()).append("\r\n");
        }
        switch (framing) {
            case LENGTH -> out.append("content-length: ").append(contentLength).append("\r\n");
            case CHUNKED -> out.append("transfer-encoding: chunked\r\n");
            default -> { }
        }
        if (!keepAlive) {
            out.append("connection: close\r\n");
        } else if (minorVersion == 0) {
            out.append("connection: keep-alive\r\n");
        }
        out.append("\r\n");
        return latin1(out);
    }

    /** The size line of one chunk ({@code hex CRLF}); the data and {@link #crlf()} follow. */
    static byte[] chunkSize(int length) {
        return (Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] crlf() {
        return CRLF;
    }

    /** A complete plain-text response the server sends on its own (errors before or instead of a handler). */
    static byte[] plain(int status, String text, boolean keepAlive) {
        byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reasonPhrase(status) + "\r\n"
                + "content-type: text/plain;charset=UTF-8\r\n"
                + "date: " + httpDate() + "\r\n"
                + "content-length: " + body.length + "\r\n"
                + (keepAlive ? "" : "connection: close\r\n") + "\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    /** The IMF-fixdate of now, computed at most once a second. */
    static String httpDate() {
        long second = System.currentTimeMillis() / 1000;
        CachedDate cached = cachedDate;
        if (cached.second() != second) {
            cached = new CachedDate(second, HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
            cachedDate = cached;
        }
        return cached.value();
    }

    private static void appendChecked(StringBuilder out, String s) throws HttpError {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || c > 0xFF) {
                throw new HttpError(500, "response header contains a line break, NUL or a non-byte character");
            }
        }
        out.append(s);
    }

    @SuppressWarnings("deprecation") // char-to-byte truncation is latin-1 encoding of checked characters
    private static byte[] latin1(StringBuilder s) {
        byte[] bytes = new byte[s.length()];
        s.toString().getBytes(0, s.length(), bytes, 0);
        return bytes;
    }

    static String reasonPhrase(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 101 -> "Switching Protocols";
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 206 -> "Partial Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 304 -> "Not Modified";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 411 -> "Length Required";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 417 -> "Expectation Failed";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 505 -> "HTTP Version Not Supported";
            default -> "";
        };
    }
}
