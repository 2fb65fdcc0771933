package dev.hearth.launcher.web.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.launcher.web.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * The legacy multi-byte decoders against the standard's indexes (read here from indexes.json,
 * not from hearth's derived resources): every pointer's byte sequence, worked out from the
 * pointer with each decoder's formula, must decode to the index's code point, and every
 * unmapped one to the errors the decoder algorithm gives. Then the error, end-of-stream and
 * streaming rules worked out by hand from the algorithms.
 */
class MultiByteDecodersTest {

    private static final JsonNode INDEXES = readIndexes();

    private static JsonNode readIndexes() {
        try {
            return new ObjectMapper().readTree(TestData.file("whatwg-encoding/indexes.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The index's code point for a pointer as a string, or null where the index has none. */
    private static String indexed(String index, int pointer) {
        JsonNode cp = INDEXES.get(index).get(pointer);
        return cp == null || cp.isNull() ? null : Character.toString(cp.asInt());
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) b[i] = (byte) values[i];
        return b;
    }

    private static String decode(String encoding, String hex) {
        byte[] b = hex(hex);
        return Encodings.textDecoder(encoding, false, false).decode(b, 0, b.length, false);
    }

    /**
     * Decodes each pointer's bytes as a stream of its own (through one decoder, so no state may
     * leak from one stream to the next) and compares with {@code expected}; returns how many
     * pointers were checked.
     */
    private static int sweep(String encoding, int pointers, IntFunction<byte[]> bytesOf, IntFunction<String> expected) {
        TextDecoderState decoder = Encodings.textDecoder(encoding, false, false);
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (int pointer = 0; pointer < pointers; pointer++) {
            byte[] b = bytesOf.apply(pointer);
            String want = expected.apply(pointer);
            if (b == null || want == null) continue;
            String got = decoder.decode(b, 0, b.length, false);
            if (!got.equals(want) && wrong.size() < 10) {
                wrong.add("pointer " + pointer + " (" + HexFormat.ofDelimiter(" ").formatHex(b) + "): "
                        + got.codePoints().mapToObj(Integer::toHexString).toList() + " instead of "
                        + want.codePoints().mapToObj(Integer::toHexString).toList());
            }
            checked++;
        }
        assertEquals(List.of(), wrong, encoding);
        return checked;
    }

    /** A mapped pointer decodes to its code point; an unmapped one to U+FFFD, then its trail byte again if ASCII. */
    private static String mappedOrErrorWithAsciiTrail(String index, int pointer, int trail) {
        String cp = indexed(index, pointer);
        return cp != null ? cp : "\uFFFD" + (trail < 0x80 ? Character.toString(trail) : "");
    }

    @Test
    void eucKrEveryPointer() {
        int size = INDEXES.get("euc-kr").size();
        int checked = sweep("EUC-KR", size, p -> bytes(0x81 + p / 190, 0x41 + p % 190),
                p -> mappedOrErrorWithAsciiTrail("euc-kr", p, 0x41 + p % 190));
        assertEquals(size, checked);
        assertEquals("\uAC00", decode("EUC-KR", "B0 A1"));
    }

    @Test
    void gb18030AndGbkEveryTwoBytePointer() {
        int size = INDEXES.get("gb18030").size();
        IntFunction<byte[]> bytesOf = p -> {
            int trail = p % 190;
            return bytes(0x81 + p / 190, trail < 0x3F ? trail + 0x40 : trail + 0x41);
        };
        assertEquals(size, sweep("gb18030", size, bytesOf, p -> indexed("gb18030", p)));
        assertEquals(size, sweep("GBK", size, bytesOf, p -> indexed("gb18030", p)));
    }

    @Test
    void gb18030FourBytePointersFollowTheRanges() {
        JsonNode ranges = INDEXES.get("gb18030-ranges");
        IntFunction<String> expected = p -> {
            if ((p > 39419 && p < 189000) || p > 1237575) return "\uFFFD";
            if (p == 7457) return "\uE7C7"; // the standard's special case for this pointer
            JsonNode last = null;
            for (JsonNode range : ranges) if (range.get(0).asInt() <= p) last = range;
            return Character.toString(last.get(1).asInt() + p - last.get(0).asInt());
        };
        IntFunction<byte[]> bytesOf = p -> bytes(0x81 + p / 12600, 0x30 + p / 1260 % 10, 0x81 + p / 10 % 126, 0x30 + p % 10);
        // all of the BMP part, then a sample of the rest (the bytes reach pointer 1587599)
        int checked = sweep("gb18030", 39420 + 100, bytesOf, expected);
        checked += sweep("gb18030", 1587600, p -> p >= 189000 - 50 && (p % 997 == 0 || p > 1237570) ? bytesOf.apply(p) : null,
                expected);
        assertTrue(checked > 40000, "checked " + checked);
        assertEquals("\uD800\uDC00", decode("gb18030", "90 30 81 30"));
        assertEquals("\uDBFF\uDFFF", decode("gb18030", "E3 32 9A 35"));
        assertEquals("\uFFFF", decode("gb18030", "84 31 A4 39"));
        assertEquals("\u20AC", decode("GBK", "80")); // one byte
        assertEquals("\uFFFD", decode("gb18030", "FF"));
    }

    @Test
    void big5EveryPointer() {
        int size = INDEXES.get("big5").size();
        IntFunction<byte[]> bytesOf = p -> {
            int trail = p % 157;
            return bytes(0x81 + p / 157, trail < 0x3F ? trail + 0x40 : trail + 0x62);
        };
        List<Integer> combining = List.of(1133, 1135, 1164, 1166);
        int checked = sweep("Big5", size, bytesOf, p -> combining.contains(p) ? null
                : mappedOrErrorWithAsciiTrail("big5", p, bytesOf.apply(p)[1] & 0xFF));
        assertEquals(size - 4, checked);
        // the four pointers the index leaves empty that decode to a letter and a combining mark
        assertEquals("\u00CA\u0304\u00CA\u030C\u00EA\u0304\u00EA\u030C", decode("Big5", "88 62 88 64 88 A3 88 A5"));
        // the sweep went through code points above U+FFFF (surrogate pairs in the output)
        int above = 0;
        for (int p = 0; p < size; p++) if (!INDEXES.get("big5").get(p).isNull() && INDEXES.get("big5").get(p).asInt() > 0xFFFF) above++;
        assertTrue(above > 1000, "the sweep covered " + above + " supplementary code points");
    }

    @Test
    void shiftJisEveryPointer() {
        int size = INDEXES.get("jis0208").size();
        IntFunction<byte[]> bytesOf = p -> {
            int lead = p / 188;
            int trail = p % 188;
            return bytes(lead < 0x1F ? lead + 0x81 : lead + 0xC1, trail < 0x3F ? trail + 0x40 : trail + 0x41);
        };
        int checked = sweep("Shift_JIS", size, bytesOf, p -> p >= 8836 && p <= 10715
                ? Character.toString(0xE000 + p - 8836) // the user-defined area
                : mappedOrErrorWithAsciiTrail("jis0208", p, bytesOf.apply(p)[1] & 0xFF));
        assertEquals(size, checked);
        StringBuilder halfwidth = new StringBuilder();
        StringBuilder bytes = new StringBuilder();
        for (int b = 0xA1; b <= 0xDF; b++) {
            halfwidth.appendCodePoint(0xFF61 + b - 0xA1); // U+FF61..U+FF9F, the halfwidth katakana block
            bytes.append(Integer.toHexString(b));
        }
        assertEquals(halfwidth.toString(), decode("Shift_JIS", bytes.toString()));
        assertEquals("\u0080a\uFFFD\uFFFD", decode("Shift_JIS", "80 61 A0 FD"));
    }

    @Test
    void eucJpEveryPointerOfBothIndexes() {
        // two bytes 0xA1..0xFE reach the first 94 x 94 pointers of each index
        IntFunction<String> jis0208 = p -> mappedOrErrorWithAsciiTrail("jis0208", p, 0xA1);
        IntFunction<String> jis0212 = p -> mappedOrErrorWithAsciiTrail("jis0212", p, 0xA1);
        assertEquals(94 * 94, sweep("EUC-JP", 94 * 94, p -> bytes(0xA1 + p / 94, 0xA1 + p % 94), jis0208));
        assertEquals(94 * 94, sweep("EUC-JP", 94 * 94, p -> bytes(0x8F, 0xA1 + p / 94, 0xA1 + p % 94), jis0212));
        StringBuilder halfwidth = new StringBuilder();
        for (int b = 0xA1; b <= 0xDF; b++) halfwidth.appendCodePoint(0xFF61 + b - 0xA1);
        StringBuilder bytes = new StringBuilder();
        for (int b = 0xA1; b <= 0xDF; b++) bytes.append("8E").append(Integer.toHexString(b));
        assertEquals(halfwidth.toString(), decode("EUC-JP", bytes.toString()));
    }

    @Test
    void iso2022JpEveryJis0208PointerAndTheOtherModes() {
        // in the JIS X 0208 mode an unmapped pair is one error, and both its bytes are used up
        IntFunction<String> expected = p -> {
            String cp = indexed("jis0208", p);
            return cp != null ? cp : "\uFFFD";
        };
        assertEquals(94 * 94, sweep("ISO-2022-JP", 94 * 94, p -> bytes(0x1B, 0x24, 0x42, 0x21 + p / 94, 0x21 + p % 94), expected));
        assertEquals(indexed("jis0208", 1410) + "A", decode("ISO-2022-JP", "1B 24 40 30 21 1B 28 42 41")); // ESC $ @ too
        assertEquals("a\\~\u00A5\u203Ea", decode("ISO-2022-JP", "61 5C 7E 1B 28 4A 5C 7E 1B 28 42 61"));
        assertEquals("\uFF61\uFF9F\uFFFD", decode("ISO-2022-JP", "1B 28 49 21 5F 60"));
        assertEquals("\uFFFD\uFFFD", decode("ISO-2022-JP", "0E 80")); // SO and bytes above 0x7F
        assertEquals("\uFFFD", decode("ISO-2022-JP", "1B 24 42 0A")); // no newline in 0208 mode
        assertEquals("\uFFFD", decode("ISO-2022-JP", "1B 24 42 30 0A")); // nor as a trail byte, which is used up
    }

    @Test
    void anAsciiByteThatBreaksASequenceIsReadAgain() {
        assertEquals("\uFFFD A", decode("EUC-KR", "81 20 41"));
        assertEquals("\uFFFDA", decode("EUC-KR", "A1 FF 41")); // FF cannot be a trail byte: used up
        assertEquals("\uFFFD\n", decode("Big5", "A4 0A"));
        assertEquals("\uFFFD", decode("Big5", "A4 80")); // 0x80 is no trail byte and not ASCII: used up
        assertEquals("\uFFFD<", decode("Shift_JIS", "81 3C"));
        assertEquals("\uFFFD" + indexed("jis0208", 0), decode("EUC-JP", "8E E0 A1 A1")); // E0 used up
        assertEquals("\uFFFDA", decode("EUC-JP", "8F A1 41"));
        assertEquals("\uFFFDA", decode("EUC-JP", "8F 41"));
        assertEquals("\uFFFD\u007FA", decode("gb18030", "81 7F 41")); // 7F is no trail byte, but ASCII
        // gb18030 gives back the second and third byte of a broken four-byte sequence
        assertEquals("\uFFFD0" + indexed("gb18030", 1), decode("gb18030", "81 30 81 41"));
        assertEquals("\uFFFD0A", decode("gb18030", "81 30 41"));
        assertEquals("\uFFFD", decode("gb18030", "84 31 A5 30")); // pointer 39420: no code point
        assertEquals("\uFFFD", decode("gb18030", "E3 32 9A 36")); // pointer 1237576: beyond U+10FFFF
    }

    @Test
    void iso2022JpEscapeSequences() {
        assertEquals("A", decode("ISO-2022-JP", "1B 28 42 41")); // an escape first is fine
        assertEquals("A", decode("ISO-2022-JP", "41 1B 28 4A")); // and one at the end
        assertEquals("\uFFFDA", decode("ISO-2022-JP", "1B 28 4A 1B 28 42 41")); // two in a row
        assertEquals("\uFFFDA", decode("ISO-2022-JP", "1B 41"));
        assertEquals("\uFFFD(A", decode("ISO-2022-JP", "1B 28 41"));
        assertEquals("\uFFFD$)", decode("ISO-2022-JP", "1B 24 29"));
        assertEquals("\uFFFD", decode("ISO-2022-JP", "1B"));
        assertEquals("\uFFFD(", decode("ISO-2022-JP", "1B 28"));
        // a broken escape goes back to the mode before it: here JIS X 0208, where "$(" is a pair
        assertEquals("\uFFFD" + indexed("jis0208", (0x24 - 0x21) * 94 + 0x28 - 0x21), decode("ISO-2022-JP", "1B 24 42 1B 24 28"));
        // ESC in the middle of a pair is an error, and still starts an escape sequence
        assertEquals("\uFFFDA", decode("ISO-2022-JP", "1B 24 42 30 1B 28 42 41"));
        assertEquals("\uFFFD", decode("ISO-2022-JP", "1B 24 42 30")); // a lead byte at the end
    }

    @Test
    void truncatedSequencesAtTheEndAreOneError() {
        for (String[] c : new String[][] {{"EUC-KR", "41 B0"}, {"Big5", "41 A4"}, {"Shift_JIS", "41 82"}, {"EUC-JP", "41 8F A1"},
                {"EUC-JP", "41 8E"}, {"gb18030", "41 81"}, {"gb18030", "41 81 30"}, {"gb18030", "41 81 30 81"}, {"GBK", "41 81 30 81"}}) {
            assertEquals("A\uFFFD", decode(c[0], c[1]), c[0] + " " + c[1]);
        }
    }

    @Test
    void streamingCarriesSequencesAcrossChunks() {
        String[][] cases = {
            {"EUC-KR", "41 B0 A1 42"}, {"Big5", "88 62 A4 40 41"}, {"Shift_JIS", "82 A0 81 3C"}, {"EUC-JP", "8F B0 A1 8E A1 A1 A1"},
            {"gb18030", "81 30 81 30 90 30 81 30 81 30 81 41 80"}, {"GBK", "81 40 81 30 41"},
            {"ISO-2022-JP", "1B 24 42 30 21 1B 28 4A 5C 1B 28 49 21 1B 28 1B 24 42 30"},
        };
        for (String[] c : cases) {
            byte[] b = hex(c[1]);
            String whole = decode(c[0], c[1]);
            assertTrue(whole.length() > 2, c[0]);
            for (int split = 0; split <= b.length; split++) {
                for (int second = split; second <= b.length; second++) {
                    TextDecoderState state = Encodings.textDecoder(c[0], false, false);
                    String text = state.decode(b, 0, split, true) + state.decode(b, split, second - split, true)
                            + state.decode(b, second, b.length - second, false);
                    assertEquals(whole, text, c[0] + " " + c[1] + " split at " + split + " and " + second);
                }
            }
            // after the end of a stream the next decode starts afresh
            TextDecoderState state = Encodings.textDecoder(c[0], false, false);
            state.decode(b, 0, b.length - 1, false);
            assertEquals("ok", state.decode(hex("6F 6B"), 0, 2, false), c[0]);
        }
        TextDecoderState iso = Encodings.textDecoder("ISO-2022-JP", false, false);
        String kanji = indexed("jis0208", 1410);
        assertEquals("", iso.decode(hex("1B 24"), 0, 2, true));
        assertEquals(kanji, iso.decode(hex("42 30 21"), 0, 3, true));
        assertEquals(kanji, iso.decode(hex("30 21"), 0, 2, false)); // still in JIS X 0208 mode
        assertEquals("0!", iso.decode(hex("30 21"), 0, 2, false));   // a new stream starts in ASCII
        TextDecoderState gb = Encodings.textDecoder("gb18030", false, false);
        assertEquals("", gb.decode(hex("81 30 81"), 0, 3, true));
        assertEquals("\uFFFD0" + indexed("gb18030", 1), gb.decode(hex("41"), 0, 1, true)); // bytes given back from the last chunk
    }

    @Test
    void fatalModeThrowsAndResets() {
        for (String[] c : new String[][] {{"EUC-KR", "81 20"}, {"Big5", "A4 0A"}, {"Shift_JIS", "A0"},
                {"EUC-JP", "8E E0"}, {"gb18030", "84 31 A5 30"}, {"GBK", "81 30 41"}, {"ISO-2022-JP", "1B 28 4A 1B 28 42"},
                {"Shift_JIS", "82"}, {"ISO-2022-JP", "1B 24 42 30"}}) {
            TextDecoderState fatal = Encodings.textDecoder(c[0], true, false);
            byte[] b = hex(c[1]);
            assertThrows(ByteDecoder.MalformedInputError.class, () -> fatal.decode(b, 0, b.length, false), c[0] + " " + c[1]);
            assertEquals("ok", fatal.decode(hex("6F 6B"), 0, 2, false), c[0] + " after the error");
        }
        TextDecoderState fatal = Encodings.textDecoder("Shift_JIS", true, false);
        assertEquals("", fatal.decode(hex("82"), 0, 1, true));
        assertThrows(ByteDecoder.MalformedInputError.class, () -> fatal.decode(new byte[0], 0, 0, false));
    }

    @Test
    void indexesAreLoadedOnlyWhenTheirDecoderIsFirstMade() throws Exception {
        // A class loader of its own gives fresh statics: the other tests have loaded indexes already.
        URL classes = EncodingTables.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
            Class<?> tables = loader.loadClass(EncodingTables.class.getName());
            Object standard = tables.getMethod("standard").invoke(null);
            assertEquals("Shift_JIS", tables.getMethod("nameOf", String.class).invoke(standard, "sjis"));
            Method textDecoder = loader.loadClass(Encodings.class.getName())
                    .getMethod("textDecoder", String.class, boolean.class, boolean.class);
            textDecoder.invoke(null, "UTF-8", false, false);
            textDecoder.invoke(null, "windows-1252", false, false);
            Method isLoaded = loader.loadClass(MultiByteIndexes.class.getName()).getDeclaredMethod("isLoaded", String.class);
            isLoaded.setAccessible(true);
            for (String index : List.of("jis0208", "jis0212", "big5", "euc-kr", "gb18030", "gb18030-ranges")) {
                assertFalse((Boolean) isLoaded.invoke(null, index), index + " was loaded before any decoder asked for it");
            }
            textDecoder.invoke(null, "Shift_JIS", false, false);
            assertTrue((Boolean) isLoaded.invoke(null, "jis0208"));
            assertFalse((Boolean) isLoaded.invoke(null, "big5"));
            assertFalse((Boolean) isLoaded.invoke(null, "jis0212"));
        }
    }
}
