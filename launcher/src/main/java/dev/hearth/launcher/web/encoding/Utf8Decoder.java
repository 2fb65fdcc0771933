package dev.hearth.launcher.web.encoding;

import java.nio.charset.StandardCharsets;

/**
 * The standard's UTF-8 decoder. Its boundaries (lower/upper) reject overlongs, surrogates and
 * code points above U+10FFFF at the first byte that cannot continue a sequence, and that byte is
 * looked at again on its own: this yields exactly one U+FFFD per "maximal subpart" of an
 * ill-formed sequence, as Unicode recommends and browsers do.
 */
public final class Utf8Decoder extends ByteDecoder {

    private int codePoint;
    private int bytesSeen;
    private int bytesNeeded;
    private int lower = 0x80;
    private int upper = 0xBF;

    public Utf8Decoder(boolean fatal) {
        super(fatal);
    }

    @Override
    public void decode(byte[] in, int off, int len, boolean end, StringBuilder out) {
        int limit = off + len;
        int i = off;
        while (i < limit) {
            int b = in[i] & 0xFF;
            if (bytesNeeded == 0 && b < 0x80) {
                // a run of ASCII in one copy (Latin-1 strings and builders copy bytes as they are)
                int runEnd = i + 1;
                while (runEnd < limit && in[runEnd] >= 0) runEnd++;
                out.append(new String(in, i, runEnd - i, StandardCharsets.ISO_8859_1));
                i = runEnd;
                continue;
            }
            if (bytesNeeded == 0) {
                i++;
                if (b < 0x80) {
                    out.append((char) b);
                } else if (b >= 0xC2 && b <= 0xDF) {
                    bytesNeeded = 1;
                    codePoint = b & 0x1F;
                } else if (b >= 0xE0 && b <= 0xEF) {
                    if (b == 0xE0) lower = 0xA0;
                    if (b == 0xED) upper = 0x9F;
                    bytesNeeded = 2;
                    codePoint = b & 0x0F;
                } else if (b >= 0xF0 && b <= 0xF4) {
                    if (b == 0xF0) lower = 0x90;
                    if (b == 0xF4) upper = 0x8F;
                    bytesNeeded = 3;
                    codePoint = b & 0x07;
                } else {
                    error(out);
                }
                continue;
            }
            if (b < lower || b > upper) {
                // Not a continuation here: the sequence so far is one error, and this byte is
                // decoded again as the start of whatever follows (not consumed).
                reset();
                error(out);
                continue;
            }
            i++;
            lower = 0x80;
            upper = 0xBF;
            codePoint = (codePoint << 6) | (b & 0x3F);
            if (++bytesSeen == bytesNeeded) {
                out.appendCodePoint(codePoint);
                reset();
            }
        }
        if (end && bytesNeeded != 0) {
            reset();
            error(out);
        }
    }

    @Override
    public void reset() {
        codePoint = 0;
        bytesSeen = 0;
        bytesNeeded = 0;
        lower = 0x80;
        upper = 0xBF;
    }
}
