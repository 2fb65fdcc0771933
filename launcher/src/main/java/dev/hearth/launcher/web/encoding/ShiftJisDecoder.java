package dev.hearth.launcher.web.encoding;

/**
 * The standard's Shift_JIS decoder (as Windows code page 932): ASCII and 0x80 as themselves,
 * 0xA1..0xDF as halfwidth katakana, and a lead byte 0x81..0x9F or 0xE0..0xFC with a trail byte
 * 0x40..0x7E or 0x80..0xFC as a pointer into index jis0208; pointers 8836..10715 are the
 * user-defined area, decoded to the Private Use Area from U+E000. An ASCII trail byte of an
 * unmapped pair is read again on its own.
 */
final class ShiftJisDecoder extends LeadTrailDecoder {

    private final int[] index = MultiByteIndexes.pointerIndex(MultiByteIndexes.JIS0208);

    ShiftJisDecoder(boolean fatal) {
        super(fatal);
    }

    @Override
    protected int decodePair(int lead, int trail, StringBuilder out) {
        int offset = trail < 0x7F ? 0x40 : 0x41;
        int leadOffset = lead < 0xA0 ? 0x81 : 0xC1;
        int pointer = (trail >= 0x40 && trail <= 0x7E) || (trail >= 0x80 && trail <= 0xFC) ? (lead - leadOffset) * 188 + trail - offset : -1;
        if (pointer >= 8836 && pointer <= 10715) {
            return 0xE000 - 8836 + pointer; // the user-defined area
        }
        return MultiByteIndexes.codePoint(index, pointer);
    }

    @Override
    protected boolean decodeSingle(int b, StringBuilder out) {
        if (isAscii(b) || b == 0x80) {
            out.append((char) b);
        } else if (b >= 0xA1 && b <= 0xDF) {
            out.append((char) (0xFF61 - 0xA1 + b));
        } else {
            return false;
        }
        return true;
    }

    @Override
    protected boolean isLead(int b) {
        return (b >= 0x81 && b <= 0x9F) || (b >= 0xE0 && b <= 0xFC);
    }
}
