package dev.hearth.launcher.web.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The decoders against cases worked out from the Encoding Standard's algorithms (and checked with Node 20). */
class DecodersTest {

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    private static String utf8(String hex) {
        return Encodings.textDecoder("UTF-8", false, false).decode(hex(hex), 0, hex(hex).length, false);
    }

    @Test
    void utf8ReplacesEachMaximalSubpartOnce() {
        assertEquals("a\uFFFDb", utf8("61 80 62"));                    // lone continuation
        assertEquals("\uFFFD\uFFFD", utf8("C0 AF"));                   // overlong lead C0 is never valid
        assertEquals("\uFFFD\uFFFD\uFFFD", utf8("E0 80 AF"));          // overlong: E0 needs A0..BF next
        assertEquals("\uFFFD\uFFFD\uFFFD\uFFFD", utf8("F0 80 80 AF")); // overlong 4-byte
        assertEquals("\uFFFD\uFFFD\uFFFD", utf8("ED A0 80"));          // surrogate D800
        assertEquals("\uFFFD\uFFFD\uFFFD\uFFFD", utf8("F4 90 80 80")); // above U+10FFFF
        assertEquals("\uFFFDA", utf8("E2 82 41"));                     // truncated, then ASCII re-read
        assertEquals("\uFFFD", utf8("F0 9F 98"));                      // truncated at the end: one
        assertEquals("\uFFFD\uFFFD\uFFFD\uFFFD", utf8("F8 88 80 80")); // F8 is no lead byte
        assertEquals("\uFFFD\u20AC", utf8("E2 E2 82 AC"));
        assertEquals("\u20AC\uD83D\uDE00\u0080\uFFFF", utf8("E2 82 AC F0 9F 98 80 C2 80 EF BF BF"));
    }

    @Test
    void utf8StreamingKeepsSplitSequences() {
        byte[] bytes = hex("F0 9F 98 80 E2 82 AC");
        for (int split = 0; split <= bytes.length; split++) {
            TextDecoderState state = Encodings.textDecoder("UTF-8", true, false);
            String text = state.decode(bytes, 0, split, true) + state.decode(bytes, split, bytes.length - split, false);
            assertEquals("\uD83D\uDE00\u20AC", text, "split at " + split);
        }
        TextDecoderState oneByOne = Encodings.textDecoder("UTF-8", false, false);
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) text.append(oneByOne.decode(new byte[] {b}, 0, 1, true));
        text.append(oneByOne.decode(new byte[0], 0, 0, false));
        assertEquals("\uD83D\uDE00\u20AC", text.toString());
    }

    @Test
    void utf8FlushReportsATruncatedTail() {
        TextDecoderState state = Encodings.textDecoder("UTF-8", false, false);
        assertEquals("", state.decode(hex("E2 82"), 0, 2, true));
        assertEquals("\uFFFD", state.decode(new byte[0], 0, 0, false));
        assertEquals("x", state.decode(hex("78"), 0, 1, false)); // a new stream
    }

    @Test
    void fatalModeStopsAtTheFirstError() {
        TextDecoderState state = Encodings.textDecoder("UTF-8", true, false);
        assertThrows(ByteDecoder.MalformedInputError.class, () -> state.decode(hex("61 FF"), 0, 2, false));
        assertThrows(ByteDecoder.MalformedInputError.class, () -> state.decode(hex("E2 82"), 0, 2, false));
        assertEquals("ok", state.decode(hex("6F 6B"), 0, 2, false)); // the state was reset
    }

    @Test
    void bomIsDroppedOnceUnlessIgnored() {
        byte[] twoBoms = hex("EF BB BF EF BB BF 41");
        assertEquals("\uFEFFA", Encodings.textDecoder("UTF-8", false, false).decode(twoBoms, 0, 7, false));
        assertEquals("\uFEFF\uFEFFA", Encodings.textDecoder("UTF-8", false, true).decode(twoBoms, 0, 7, false));
        TextDecoderState split = Encodings.textDecoder("UTF-8", false, false);
        assertEquals("", split.decode(twoBoms, 0, 2, true));
        assertEquals("", split.decode(twoBoms, 2, 1, true));
        assertEquals("\uFEFFA", split.decode(twoBoms, 3, 4, false));
        assertEquals("\uFEFFA", Encodings.textDecoder("UTF-16LE", false, false).decode(hex("FF FE FF FE 41 00"), 0, 6, false));
        assertEquals("\uFFFEA", Encodings.textDecoder("UTF-16BE", false, false).decode(hex("FF FE 00 41"), 0, 4, false));
        // single-byte encodings keep a BOM-looking character (windows-1252 has none, so: x-user-defined)
        assertEquals("\uF7EF", Encodings.textDecoder("x-user-defined", false, false).decode(hex("EF"), 0, 1, false));
    }

    @Test
    void utf16PairsSurrogatesAndReplacesLoneOnes() {
        TextDecoderState le = Encodings.textDecoder("UTF-16LE", false, false);
        assertEquals("\uD83D\uDE00", le.decode(hex("3D D8 00 DE"), 0, 4, false));
        assertEquals("\uFFFDA", le.decode(hex("3D D8 41 00"), 0, 4, false));  // lead then non-trail
        assertEquals("\uFFFDA", le.decode(hex("00 DE 41 00"), 0, 4, false));  // lone trail
        assertEquals("A\uFFFD", le.decode(hex("41 00 42"), 0, 3, false));     // odd byte at the end
        assertEquals("\uFFFD", le.decode(hex("3D D8"), 0, 2, false));         // lead at the end
        TextDecoderState be = Encodings.textDecoder("UTF-16BE", false, false);
        assertEquals("", be.decode(hex("D8"), 0, 1, true));
        assertEquals("", be.decode(hex("3D DE"), 0, 2, true));
        assertEquals("\uD83D\uDE00", be.decode(hex("00"), 0, 1, false));
    }

    @Test
    void singleByteUnmappedBytesAreErrors() {
        TextDecoderState state = Encodings.textDecoder("windows-1253", false, false);
        assertEquals("A\u20AC\uFFFD", state.decode(hex("41 80 AA"), 0, 3, false));
        TextDecoderState fatal = Encodings.textDecoder("windows-1253", true, false);
        assertThrows(ByteDecoder.MalformedInputError.class, () -> fatal.decode(hex("AA"), 0, 1, false));
    }

    @Test
    void theReplacementEncodingIsRefused() {
        assertThrows(Encodings.UnsupportedEncodingError.class, () -> Encodings.textDecoder("replacement", false, false));
    }

    @Test
    void forgivingBase64() {
        assertEquals("hello", ForgivingBase64.decode(" aGVs\nbG8= "));
        assertEquals("hello", ForgivingBase64.decode("aGVsbG8"));
        assertEquals("\u00FF", ForgivingBase64.decode("/w=="));
        assertEquals("\u00FF", ForgivingBase64.decode("/x")); // non-zero trailing bits are dropped
        assertEquals("", ForgivingBase64.decode(""));
        assertNull(ForgivingBase64.decode("a"));
        assertNull(ForgivingBase64.decode("ab="));
        assertNull(ForgivingBase64.decode("ab==="));
        assertNull(ForgivingBase64.decode("=="));
        assertNull(ForgivingBase64.decode("a-b_"));
        assertNull(ForgivingBase64.decode("ab\u00A0c")); // NBSP is not ASCII whitespace
        assertEquals("aGVsbG8=", ForgivingBase64.encode("hello"));
        assertEquals("/w==", ForgivingBase64.encode("\u00FF"));
        assertNull(ForgivingBase64.encode("\u0100"));
    }
}
