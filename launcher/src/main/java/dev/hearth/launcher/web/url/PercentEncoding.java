package dev.hearth.launcher.web.url;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The URL Standard's percent-encode sets and percent-decoding. Every set holds the C0 controls
 * and everything above U+007E; they differ in the printable ASCII they add.
 */
enum PercentEncoding {
    C0_CONTROL(""),
    FRAGMENT(" \"<>`"),
    QUERY(" \"#<>"),
    SPECIAL_QUERY(" \"#<>'"),
    PATH(" \"#<>?^`{}"),
    USERINFO(" \"#<>?^`{}/:;=@[\\]|"),
    COMPONENT(" \"#<>?^`{}/:;=@[\\]|$%&+,"),
    FORM_URLENCODED(" \"#<>?^`{}/:;=@[\\]|$%&+,!'()~");

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final boolean[] asciiInSet = new boolean[128];

    PercentEncoding(String printableAscii) {
        for (int c = 0; c < 0x20; c++) asciiInSet[c] = true;
        asciiInSet[0x7F] = true;
        for (char c : printableAscii.toCharArray()) asciiInSet[c] = true;
    }

    boolean contains(int codePoint) {
        return codePoint >= 128 || asciiInSet[codePoint];
    }

    /** UTF-8 percent-encodes one code point (lone surrogates as U+FFFD) onto {@code out}. */
    void append(int codePoint, StringBuilder out) {
        if (codePoint < 128 && !asciiInSet[codePoint]) {
            out.append((char) codePoint);
            return;
        }
        if (codePoint >= 0xD800 && codePoint <= 0xDFFF) codePoint = 0xFFFD;
        if (codePoint < 0x80) {
            percent(codePoint, out);
        } else if (codePoint < 0x800) {
            percent(0xC0 | (codePoint >> 6), out);
            percent(0x80 | (codePoint & 0x3F), out);
        } else if (codePoint < 0x10000) {
            percent(0xE0 | (codePoint >> 12), out);
            percent(0x80 | ((codePoint >> 6) & 0x3F), out);
            percent(0x80 | (codePoint & 0x3F), out);
        } else {
            percent(0xF0 | (codePoint >> 18), out);
            percent(0x80 | ((codePoint >> 12) & 0x3F), out);
            percent(0x80 | ((codePoint >> 6) & 0x3F), out);
            percent(0x80 | (codePoint & 0x3F), out);
        }
    }

    /** UTF-8 percent-encodes a whole string; with {@code spaceAsPlus} a space becomes '+'. */
    String encode(String input, boolean spaceAsPlus) {
        StringBuilder out = new StringBuilder(input.length() + 8);
        for (int i = 0; i < input.length(); ) {
            int cp = input.codePointAt(i);
            i += Character.charCount(cp);
            if (spaceAsPlus && cp == ' ') {
                out.append('+');
            } else {
                append(cp, out);
            }
        }
        return out.toString();
    }

    private static void percent(int b, StringBuilder out) {
        out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
    }

    /** Percent-decodes the UTF-8 bytes of {@code input} ("%zz" and a lone "%" stay as they are). */
    static byte[] decode(String input) {
        byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '%' && i + 2 < bytes.length && hexValue(bytes[i + 1]) >= 0 && hexValue(bytes[i + 2]) >= 0) {
                out.write(hexValue(bytes[i + 1]) * 16 + hexValue(bytes[i + 2]));
                i += 2;
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    static int hexValue(int c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
}
