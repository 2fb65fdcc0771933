package dev.hearth.launcher.web.encoding;

/**
 * The standard's Shift_JIS decoder (as Windows code page 932): ASCII and 0x80 as themselves,
 * 0xA1..0xDF as halfwidth katakana, and a lead byte 0x81..0x9F or 0xE0..0xFC with a trail byte
 * 0x40..0x7E or 0x80..0xFC as a pointer into index jis0208; pointers 8836..10715 are the
 * user-defined area, decoded to the Private Use Area from U+E000. An ASCII trail byte of an
 * unmapped pair is read again on its own.
 */
final class ShiftJisDecoder extends LegacyMultiByteDecoder {

    private final int[] index = MultiByteIndexes.pointerIndex(MultiByteIndexes.JIS0208);
    private int lead;

    ShiftJisDecoder(boolean fatal) {
        super(fatal);
    }

    @Override
    protected void handle(int b, StringBuilder out) {
        if (b == END_OF_STREAM) {
            if (lead != 0) {
                lead = 0;
                error(out);
            }
            return;
        }
        if (lead != 0) {
            int first = lead;
            lead = 0;
            int offset = b < 0x7F ? 0x40 : 0x41;
            int leadOffset = first < 0xA0 ? 0x81 : 0xC1;
            int pointer = (b >= 0x40 && b <= 0x7E) || (b >= 0x80 && b <= 0xFC) ? (first - leadOffset) * 188 + b - offset : -1;
            if (pointer >= 8836 && pointer <= 10715) {
                out.append((char) (0xE000 - 8836 + pointer));
                return;
            }
            int codePoint = MultiByteIndexes.codePoint(index, pointer);
            if (codePoint != MultiByteIndexes.UNMAPPED) {
                out.appendCodePoint(codePoint);
                return;
            }
            if (isAscii(b)) prepend(b);
            error(out);
            return;
        }
        if (isAscii(b) || b == 0x80) {
            out.append((char) b);
        } else if (b >= 0xA1 && b <= 0xDF) {
            out.append((char) (0xFF61 - 0xA1 + b));
        } else if ((b >= 0x81 && b <= 0x9F) || (b >= 0xE0 && b <= 0xFC)) {
            lead = b;
        } else {
            error(out);
        }
    }

    @Override
    protected void resetState() {
        lead = 0;
    }
}
