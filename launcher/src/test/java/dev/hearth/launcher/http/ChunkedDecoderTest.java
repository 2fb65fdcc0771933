package dev.hearth.launcher.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChunkedDecoderTest {

    private final ByteArrayOutputStream decoded = new ByteArrayOutputStream();
    private final ChunkedDecoder decoder = new ChunkedDecoder();

    private int feed(String text) throws HttpError {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return decoder.feed(bytes, 0, bytes.length, decoded::write);
    }

    @Test
    void decodesChunksExtensionsAndTrailersAndStopsAtTheEnd() throws HttpError {
        String body = "5;name=value\r\nhello\r\n1A\r\n" + "x".repeat(26) + "\r\n0\r\nTrailer: t\r\n\r\n";
        int consumed = feed(body + "GET /next");
        assertEquals(body.length(), consumed, "what follows the body is the next request");
        assertTrue(decoder.done());
        assertEquals("hello" + "x".repeat(26), decoded.toString(StandardCharsets.ISO_8859_1));
    }

    @Test
    void acceptsTheBodyOneByteAtATime() throws HttpError {
        String body = "3\r\nabc\r\n2\nde\n0\n\n";
        for (char c : body.toCharArray()) {
            assertFalse(decoder.done());
            feed(String.valueOf(c));
        }
        assertTrue(decoder.done());
        assertEquals("abcde", decoded.toString(StandardCharsets.ISO_8859_1));
    }

    @Test
    void refusesBrokenFraming() {
        assertEquals(400, assertThrows(HttpError.class, () -> feed("zz\r\n")).status());
        assertEquals(400, assertThrows(HttpError.class, () -> new ChunkedDecoderTest().feed("3\r\nabcX\r\n")).status());
        assertEquals(400, assertThrows(HttpError.class, () -> new ChunkedDecoderTest().feed("\r\n")).status());
        assertEquals(400, assertThrows(HttpError.class, () -> new ChunkedDecoderTest().feed("fffffffffffffffff\r\n")).status());
        assertEquals(400, assertThrows(HttpError.class,
                () -> new ChunkedDecoderTest().feed("1;" + "e".repeat(ChunkedDecoder.MAX_LINE) + "\r\n")).status());
    }
}
