package dev.hearth.launcher.http;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses an HTTP/1.1 request head (RFC 9112): the request line, the header fields and the body's
 * framing. The connection first finds where a head ends ({@link #findHeadEnd}), so the parser
 * always sees a whole head and needs no state. Lines may end in CRLF or a bare LF (recipients
 * may accept both); everything else that could let two parsers read a request differently is
 * refused with 400: whitespace before a colon, folded lines, control characters, Content-Length
 * together with Transfer-Encoding, conflicting lengths, and codings other than chunked.
 */
public final class RequestParser {

    /** Longest request line we accept (a longer one is 414). */
    public static final int MAX_REQUEST_LINE = 8 * 1024;
    /** Largest head (request line + all fields) we accept (larger is 431). */
    public static final int MAX_HEAD = 16 * 1024;
    /** Most header fields in one request (more is 431). */
    public static final int MAX_FIELDS = 100;

    private RequestParser() {}

    /**
     * Where the head that starts at {@code from} ends: the index just past its empty line, or -1
     * when more bytes are needed. Leading empty lines before a request are allowed (RFC 9112
     * section 2.2) and belong to the head.
     *
     * @throws HttpError 414 or 431 when the line or the head is already too long to be accepted
     */
    public static int findHeadEnd(byte[] buf, int from, int to) throws HttpError {
        int lineStart = from;
        boolean requestLineSeen = false;
        for (int i = from; i < to; i++) {
            if (buf[i] != '\n') {
                continue;
            }
            int lineLength = i - lineStart - (i > lineStart && buf[i - 1] == '\r' ? 1 : 0);
            if (lineLength == 0) {
                if (requestLineSeen) {
                    if (i + 1 - from > MAX_HEAD) {
                        throw new HttpError(431, "request head larger than " + MAX_HEAD + " bytes");
                    }
                    return i + 1;
                }
                // an empty line before the request line: skip it
            } else {
                requestLineSeen = true;
            }
            lineStart = i + 1;
        }
        if (!requestLineSeen && to - lineStart > MAX_REQUEST_LINE) {
            throw new HttpError(414, "request line longer than " + MAX_REQUEST_LINE + " bytes");
        }
        if (to - from > MAX_HEAD) {
            throw new HttpError(431, "request head larger than " + MAX_HEAD + " bytes");
        }
        return -1;
    }

    /** Parses the complete head in {@code buf[from, to)} (as delimited by {@link #findHeadEnd}). */
    public static RequestHead parse(byte[] buf, int from, int to) throws HttpError {
        int pos = from;
        // skip the empty lines a client may send between requests
        while (pos < to && (buf[pos] == '\r' || buf[pos] == '\n')) {
            pos++;
        }
        int lineEnd = lineEnd(buf, pos, to);
        int contentEnd = contentEnd(buf, pos, lineEnd);
        if (contentEnd - pos > MAX_REQUEST_LINE) {
            throw new HttpError(414, "request line longer than " + MAX_REQUEST_LINE + " bytes");
        }
        int sp1 = indexOf(buf, pos, contentEnd, (byte) ' ');
        int sp2 = sp1 < 0 ? -1 : indexOf(buf, sp1 + 1, contentEnd, (byte) ' ');
        if (sp1 <= pos || sp2 <= sp1 + 1 || indexOf(buf, sp2 + 1, contentEnd, (byte) ' ') >= 0) {
            throw new HttpError(400, "malformed request line");
        }
        for (int i = pos; i < sp1; i++) {
            if (!isTokenChar(buf[i])) {
                throw new HttpError(400, "malformed method");
            }
        }
        String method = latin1(buf, pos, sp1);
        for (int i = sp1 + 1; i < sp2; i++) {
            if (buf[i] <= ' ' || buf[i] == 127) { // control characters and spaces; bytes >= 0x80 pass
                throw new HttpError(400, "malformed request target");
            }
        }
        String target = latin1(buf, sp1 + 1, sp2);
        int minor = version(buf, sp2 + 1, contentEnd);
        if (!target.startsWith("/") && !target.startsWith("http://") && !target.startsWith("https://")
                && !(target.equals("*") && method.equals("OPTIONS"))) {
            throw new HttpError(400, "unsupported request target form");
        }

        List<String> headers = new ArrayList<>(16);
        String host = null;
        boolean hostSeen = false;
        long contentLength = -1;
        boolean chunked = false;
        boolean transferEncoding = false;
        boolean close = false;
        boolean keepAliveToken = false;
        boolean expectContinue = false;
        pos = lineEnd + 1;
        while (true) {
            lineEnd = lineEnd(buf, pos, to);
            contentEnd = contentEnd(buf, pos, lineEnd);
            if (contentEnd == pos) {
                break; // the empty line ending the head
            }
            if (buf[pos] == ' ' || buf[pos] == '\t') {
                throw new HttpError(400, "folded header line (obs-fold) is not accepted");
            }
            if (headers.size() / 2 >= MAX_FIELDS) {
                throw new HttpError(431, "more than " + MAX_FIELDS + " header fields");
            }
            int colon = indexOf(buf, pos, contentEnd, (byte) ':');
            if (colon <= pos) {
                throw new HttpError(400, "header line without a field name");
            }
            for (int i = pos; i < colon; i++) {
                if (!isTokenChar(buf[i])) {
                    throw new HttpError(400, "invalid character in header field name");
                }
            }
            int valueStart = colon + 1;
            int valueEnd = contentEnd;
            while (valueStart < valueEnd && (buf[valueStart] == ' ' || buf[valueStart] == '\t')) {
                valueStart++;
            }
            while (valueEnd > valueStart && (buf[valueEnd - 1] == ' ' || buf[valueEnd - 1] == '\t')) {
                valueEnd--;
            }
            for (int i = valueStart; i < valueEnd; i++) {
                byte b = buf[i];
                if ((b >= 0 && b < ' ' && b != '\t') || b == 127) {
                    throw new HttpError(400, "invalid character in header field value");
                }
            }
            String name = lowerLatin1(buf, pos, colon);
            String value = latin1(buf, valueStart, valueEnd);
            headers.add(name);
            headers.add(value);
            switch (name) {
                case "host" -> {
                    if (hostSeen) {
                        throw new HttpError(400, "more than one Host header");
                    }
                    hostSeen = true;
                    if (!isHostValue(value)) {
                        throw new HttpError(400, "invalid Host header");
                    }
                    host = value;
                }
                case "content-length" -> contentLength = contentLength(value, contentLength);
                case "transfer-encoding" -> {
                    transferEncoding = true;
                    chunked = transferCodings(value, chunked);
                }
                case "connection" -> {
                    for (String option : value.split(",")) {
                        String o = option.strip();
                        if (o.equalsIgnoreCase("close")) {
                            close = true;
                        } else if (o.equalsIgnoreCase("keep-alive")) {
                            keepAliveToken = true;
                        }
                    }
                }
                case "expect" -> {
                    if (value.equalsIgnoreCase("100-continue")) {
                        expectContinue = true;
                    } else {
                        throw new HttpError(417, "unsupported expectation: " + value);
                    }
                }
                default -> { }
            }
            pos = lineEnd + 1;
        }
        if (minor == 1 && !hostSeen) {
            throw new HttpError(400, "HTTP/1.1 request without a Host header");
        }
        RequestHead.Framing framing;
        if (transferEncoding) {
            if (contentLength >= 0) {
                throw new HttpError(400, "both Content-Length and Transfer-Encoding");
            }
            if (!chunked) {
                throw new HttpError(400, "Transfer-Encoding must end in chunked");
            }
            if (minor == 0) {
                throw new HttpError(400, "Transfer-Encoding in an HTTP/1.0 request");
            }
            framing = RequestHead.Framing.CHUNKED;
        } else if (contentLength > 0) {
            framing = RequestHead.Framing.LENGTH;
        } else {
            framing = RequestHead.Framing.NONE;
        }
        boolean keepAlive = minor == 1 ? !close : keepAliveToken && !close;
        return new RequestHead(method, target, minor, headers, host, framing,
                framing == RequestHead.Framing.LENGTH ? contentLength : 0, keepAlive,
                expectContinue && minor == 1 && framing != RequestHead.Framing.NONE);
    }

    private static int version(byte[] buf, int from, int to) throws HttpError {
        if (to - from == 8 && buf[from] == 'H' && buf[from + 1] == 'T' && buf[from + 2] == 'T' && buf[from + 3] == 'P'
                && buf[from + 4] == '/' && buf[from + 5] == '1' && buf[from + 6] == '.') {
            if (buf[from + 7] == '1') {
                return 1;
            }
            if (buf[from + 7] == '0') {
                return 0;
            }
        }
        if (to - from == 8 && buf[from] == 'H' && buf[from + 4] == '/' && buf[from + 5] >= '2' && buf[from + 5] <= '9') {
            throw new HttpError(505, "only HTTP/1.0 and HTTP/1.1 are served");
        }
        throw new HttpError(400, "malformed HTTP version");
    }

    /** A Content-Length value: digits only; a repeated header (or a list) must repeat the same number. */
    private static long contentLength(String value, long previous) throws HttpError {
        long length = -1;
        for (String part : value.split(",", -1)) {
            String digits = part.strip();
            if (digits.isEmpty() || digits.length() > 18) {
                throw new HttpError(400, "invalid Content-Length: " + value);
            }
            long n = 0;
            for (int i = 0; i < digits.length(); i++) {
                char c = digits.charAt(i);
                if (c < '0' || c > '9') {
                    throw new HttpError(400, "invalid Content-Length: " + value);
                }
                n = n * 10 + (c - '0');
            }
            if (length >= 0 && n != length) {
                throw new HttpError(400, "conflicting Content-Length values: " + value);
            }
            length = n;
        }
        if (previous >= 0 && previous != length) {
            throw new HttpError(400, "conflicting Content-Length headers");
        }
        return length;
    }

    /** Whether the codings end in chunked; chunked anywhere but last, or other codings, are refused. */
    private static boolean transferCodings(String value, boolean chunkedBefore) throws HttpError {
        if (chunkedBefore) {
            throw new HttpError(400, "chunked applied more than once");
        }
        String[] codings = value.split(",");
        for (int i = 0; i < codings.length; i++) {
            String coding = codings[i].strip();
            if (!coding.equalsIgnoreCase("chunked")) {
                throw new HttpError(501, "unsupported transfer coding: " + coding);
            }
            if (i != codings.length - 1) {
                throw new HttpError(400, "chunked applied more than once");
            }
        }
        return true;
    }

    private static int lineEnd(byte[] buf, int from, int to) throws HttpError {
        int nl = indexOf(buf, from, to, (byte) '\n');
        if (nl < 0) {
            throw new HttpError(400, "incomplete request head");
        }
        return nl;
    }

    /** The end of a line's content: before the CR of CRLF, or at a bare LF. A lone CR elsewhere is refused later. */
    private static int contentEnd(byte[] buf, int lineStart, int lineEnd) {
        return lineEnd > lineStart && buf[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
    }

    private static int indexOf(byte[] buf, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /**
     * uri-host [":" port] of RFC 9110 section 7.2: what may stand between "http://" and the path,
     * so that the URL built from it names the authority the client sent and nothing more.
     */
    static boolean isHostValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "-._~%!$&'()*+,;=:[]".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** tchar of RFC 9110 section 5.6.2. */
    static boolean isTokenChar(byte b) {
        if (b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9') {
            return true;
        }
        return switch (b) {
            case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~' -> true;
            default -> false;
        };
    }

    @SuppressWarnings("deprecation") // the byte-per-char constructor is exactly latin-1 decoding, without a decoder
    private static String latin1(byte[] buf, int from, int to) {
        return new String(buf, 0, from, to - from);
    }

    private static String lowerLatin1(byte[] buf, int from, int to) {
        byte[] lower = null;
        for (int i = from; i < to; i++) {
            if (buf[i] >= 'A' && buf[i] <= 'Z') {
                if (lower == null) {
                    lower = java.util.Arrays.copyOfRange(buf, from, to);
                }
                lower[i - from] = (byte) (buf[i] + 32);
            }
        }
        return lower == null ? latin1(buf, from, to) : latin1(lower, 0, lower.length);
    }
}
