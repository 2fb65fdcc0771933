package dev.hearth.launcher.web.encoding;

/**
 * The standard's EUC-KR decoder: a lead byte 0x81..0xFE and a trail byte 0x41..0xFE give a
 * pointer into index euc-kr. When the pair maps to nothing, an ASCII trail byte is read again on
 * its own (so a lost lead byte does not swallow the ASCII text after it).
 */
final class EucKrDecoder extends LegacyMultiByteDecoder {

    private final int[] index = MultiByteIndexes.pointerIndex(MultiByteIndexes.EUC_KR);
    private int lead;

    EucKrDecoder(boolean fatal) {
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
            int codePoint = b >= 0x41 && b <= 0xFE
                    ? MultiByteIndexes.codePoint(index, (first - 0x81) * 190 + (b - 0x41))
                    : MultiByteIndexes.UNMAPPED;
            if (codePoint != MultiByteIndexes.UNMAPPED) {
                out.appendCodePoint(codePoint);
                return;
            }
            if (isAscii(b)) prepend(b);
            error(out);
            return;
        }
        if (isAscii(b)) {
            out.append((char) b);
        } else if (b >= 0x81 && b <= 0xFE) {
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
