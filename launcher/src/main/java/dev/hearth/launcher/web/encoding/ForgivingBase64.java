package dev.hearth.launcher.web.encoding;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * btoa and atob as the HTML standard defines them: strings whose characters are bytes
 * (U+0000..U+00FF), and the Infra standard's forgiving-base64 decode (ASCII whitespace anywhere,
 * padding optional, non-zero trailing bits ignored).
 */
public final class ForgivingBase64 {

    private static final byte[] VALUES = new byte[128];

    static {
        java.util.Arrays.fill(VALUES, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) VALUES[alphabet.charAt(i)] = (byte) i;
    }

    private ForgivingBase64() {}

    /** btoa: base64 of a byte string, or null when a character is above U+00FF. */
    public static String encode(String byteString) {
        for (int i = 0; i < byteString.length(); i++) {
            if (byteString.charAt(i) > 0xFF) return null;
        }
        return Base64.getEncoder().encodeToString(byteString.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** atob: the bytes of forgiving-base64 {@code data} as a byte string, or null when it is not base64. */
    public static String decode(String data) {
        StringBuilder clean = new StringBuilder(data.length());
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\f' && c != '\r') clean.append(c);
        }
        int length = clean.length();
        if (length % 4 == 0 && length > 0 && clean.charAt(length - 1) == '=') {
            length--;
            if (clean.charAt(length - 1) == '=') length--;
        }
        if (length % 4 == 1) return null;
        StringBuilder out = new StringBuilder(length * 3 / 4);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < length; i++) {
            char c = clean.charAt(i);
            int value = c < 128 ? VALUES[c] : -1;
            if (value < 0) return null;
            buffer = (buffer << 6) | value;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out.append((char) ((buffer >> bits) & 0xFF));
            }
        }
        return out.toString();
    }
}
