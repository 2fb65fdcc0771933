package dev.hearth.launcher.web.encoding;

/**
 * The standard's EUC-JP decoder: 0x8E plus 0xA1..0xDF is halfwidth katakana, two bytes
 * 0xA1..0xFE are a pointer into index jis0208, and 0x8F before such a pair selects index jis0212
 * instead. An ASCII byte that ends an unmapped sequence is read again on its own.
 */
final class EucJpDecoder extends LegacyMultiByteDecoder {

    private final int[] jis0208;
    private int[] jis0212;
    private boolean jis0212Flag;
    private int lead;

    EucJpDecoder(boolean fatal) {
        super(fatal);
        jis0208 = MultiByteIndexes.pointerIndex(MultiByteIndexes.JIS0208);
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
        if (lead == 0x8E && b >= 0xA1 && b <= 0xDF) {
            lead = 0;
            out.append((char) (0xFF61 - 0xA1 + b));
            return;
        }
        if (lead == 0x8F && b >= 0xA1 && b <= 0xFE) {
            jis0212Flag = true;
            lead = b;
            return;
        }
        if (lead != 0) {
            int first = lead;
            lead = 0;
            int codePoint = MultiByteIndexes.UNMAPPED;
            if (first >= 0xA1 && first <= 0xFE && b >= 0xA1 && b <= 0xFE) {
                codePoint = MultiByteIndexes.codePoint(jis0212Flag ? jis0212() : jis0208, (first - 0xA1) * 94 + b - 0xA1);
            }
            jis0212Flag = false;
            endPair(codePoint, b, out);
            return;
        }
        if (isAscii(b)) {
            out.append((char) b);
        } else if (b == 0x8E || b == 0x8F || (b >= 0xA1 && b <= 0xFE)) {
            lead = b;
        } else {
            error(out);
        }
    }

    /** JIS X 0212 is rare (0x8F sequences), so its index is loaded only when one appears. */
    private int[] jis0212() {
        if (jis0212 == null) jis0212 = MultiByteIndexes.pointerIndex(MultiByteIndexes.JIS0212);
        return jis0212;
    }

    @Override
    protected void resetState() {
        lead = 0;
        jis0212Flag = false;
    }
}
