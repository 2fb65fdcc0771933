package dev.hearth.launcher.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestParserTest {

    private static RequestHead parse(String head) throws HttpError {
        byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
        int end = RequestParser.findHeadEnd(bytes, 0, bytes.length);
        assertEquals(bytes.length, end, "the whole text is one head");
        return RequestParser.parse(bytes, 0, end);
    }

    private static int refusal(String head) {
        return assertThrows(HttpError.class, () -> parse(head)).status();
    }

    @Test
    void parsesRequestLineHeadersAndUrl() throws HttpError {
        assertEquals("http://[::1]:80/", parse("GET / HTTP/1.1\r\nHost: [::1]:80\r\n\r\n").url());
        RequestHead h = parse("GET /a/b?x=1 HTTP/1.1\r\nHost: example.com:8080\r\nX-Thing:  two words \r\nAccept: */*\r\n\r\n");
        assertEquals("GET", h.method());
        assertEquals("/a/b?x=1", h.target());
        assertEquals(1, h.minorVersion());
        assertEquals(List.of("host", "example.com:8080", "x-thing", "two words", "accept", "*/*"), h.headers());
        assertEquals("http://example.com:8080/a/b?x=1", h.url());
        assertTrue(h.keepAlive());
        assertFalse(h.hasBody());
    }

    @Test
    void bareLineFeedsAndLeadingEmptyLinesAreAccepted() throws HttpError {
        RequestHead h = parse("\r\n\nPOST / HTTP/1.1\nHost: h\nContent-Length: 5\n\n");
        assertEquals(RequestHead.Framing.LENGTH, h.framing());
        assertEquals(5, h.contentLength());
    }

    @Test
    void findsTheEndOnlyWhenTheEmptyLineArrived() throws HttpError {
        byte[] partial = "GET / HTTP/1.1\r\nHost: h\r\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(-1, RequestParser.findHeadEnd(partial, 0, partial.length));
        byte[] two = "GET / HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(27, RequestParser.findHeadEnd(two, 0, two.length));
    }

    @Test
    void connectionSemanticsFollowTheVersion() throws HttpError {
        assertFalse(parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n").keepAlive());
        assertFalse(parse("GET / HTTP/1.0\r\n\r\n").keepAlive());
        assertTrue(parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").keepAlive());
        assertEquals("http://localhost/", parse("GET / HTTP/1.0\r\n\r\n").url());
    }

    @Test
    void chunkedAndExpectContinue() throws HttpError {
        RequestHead h = parse("PUT /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n");
        assertEquals(RequestHead.Framing.CHUNKED, h.framing());
        assertTrue(h.expectContinue());
        assertFalse(parse("GET / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\n\r\n").expectContinue(), "no body, nothing to continue");
    }

    @Test
    void refusesWhatTwoParsersCouldReadDifferently() {
        assertEquals(400, refusal("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"));
        assertEquals(400, refusal("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n"));
        assertEquals(400, refusal("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: +3\r\n\r\n"));
        assertEquals(400, refusal("GET / HTTP/1.1\r\nHost : h\r\n\r\n"));
        assertEquals(400, refusal("GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n  folded\r\n\r\n"));
        assertEquals(400, refusal("GET / HTTP/1.1\r\nHost: h\r\nX: a\rb\r\n\r\n"));
        assertEquals(400, refusal("GET / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, chunked\r\n\r\n"));
        assertEquals(501, refusal("GET / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n"));
        assertEquals(400, refusal("GET / HTTP/1.1\r\n\r\n"), "HTTP/1.1 needs Host");
        assertEquals(400, refusal("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"));
        assertEquals(400, refusal("GET / HTTP/1.1\r\nHost: evil.example/path?\r\n\r\n"), "a Host that would change the URL's path");
        assertEquals(400, refusal("GET / HTTP/1.1\r\nHost: user@h\r\n\r\n"));
    }

    @Test
    void refusesMalformedRequestLines() {
        assertEquals(400, refusal("GET  / HTTP/1.1\r\nHost: h\r\n\r\n"));
        assertEquals(400, refusal("GET / HTTP/1.1 extra\r\nHost: h\r\n\r\n"));
        assertEquals(400, refusal("G(T / HTTP/1.1\r\nHost: h\r\n\r\n"));
        assertEquals(400, refusal("GET / HTTP/1.x\r\nHost: h\r\n\r\n"));
        assertEquals(505, refusal("GET / HTTP/2.0\r\nHost: h\r\n\r\n"));
        assertEquals(400, refusal("GET relative HTTP/1.1\r\nHost: h\r\n\r\n"));
        assertEquals(417, refusal("GET / HTTP/1.1\r\nHost: h\r\nExpect: something\r\n\r\n"));
    }

    @Test
    void boundsTheHead() {
        String longTarget = "/" + "a".repeat(RequestParser.MAX_REQUEST_LINE);
        byte[] line = ("GET " + longTarget).getBytes(StandardCharsets.US_ASCII);
        assertEquals(414, assertThrows(HttpError.class, () -> RequestParser.findHeadEnd(line, 0, line.length)).status());
        byte[] big = ("GET / HTTP/1.1\r\nHost: h\r\nX: " + "v".repeat(RequestParser.MAX_HEAD) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        assertEquals(431, assertThrows(HttpError.class, () -> RequestParser.findHeadEnd(big, 0, big.length)).status());
        byte[] whole = ("GET / HTTP/1.1\r\nHost: h\r\nX: " + "v".repeat(RequestParser.MAX_HEAD) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        assertEquals(431, assertThrows(HttpError.class, () -> RequestParser.findHeadEnd(whole, 0, whole.length)).status(),
                "a complete head is measured too");
        StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\nHost: h\r\n");
        for (int i = 0; i < RequestParser.MAX_FIELDS; i++) {
            many.append("X-").append(i).append(": v\r\n");
        }
        assertEquals(431, refusal(many.append("\r\n").toString()));
    }
}
