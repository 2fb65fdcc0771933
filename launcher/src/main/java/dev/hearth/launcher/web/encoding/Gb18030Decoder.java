package dev.hearth.launcher.web.encoding;

/**
 * The standard's gb18030 decoder, which also decodes GBK (the standard gives GBK no decoder of
 * its own). One byte: ASCII, or 0x80 as U+20AC. Two bytes: lead 0x81..0xFE, trail 0x40..0x7E or
 * 0x80..0xFE, a pointer into index gb18030. Four bytes: lead, digit 0x30..0x39, 0x81..0xFE,
 * digit, a pointer into index gb18030 ranges. A four-byte sequence that breaks off after its
 * third byte gives back its second and third byte (and the one that broke it) to be read again.
 */
final class Gb18030Decoder extends LegacyMultiByteDecoder {

    private final int[] twoByteIndex = MultiByteIndexes.pointerIndex(MultiByteIndexes.GB18030);
    private final MultiByteIndexes.Gb18030Ranges fourByteRanges = MultiByteIndexes.gb18030Ranges();
    private int first;
    private int second;
    private int third;

    Gb18030Decoder(boolean fatal) {
        super(fatal);
    }

    @Override
    protected void handle(int b, StringBuilder out) {
        if (b == END_OF_STREAM) {
            if (first != 0 || second != 0 || third != 0) {
                resetState();
                error(out);
            }
            return;
        }
        if (third != 0) {
            if (!isDigit(b)) {
                prepend(second, third, b);
                resetState();
                error(out);
                return;
            }
            int pointer = (first - 0x81) * (10 * 126 * 10) + (second - 0x30) * (10 * 126) + (third - 0x81) * 10 + b - 0x30;
            resetState();
            int codePoint = fourByteRanges.codePoint(pointer);
            if (codePoint == MultiByteIndexes.UNMAPPED) {
                error(out);
            } else {
                out.appendCodePoint(codePoint);
            }
            return;
        }
        if (second != 0) {
            if (b >= 0x81 && b <= 0xFE) {
                third = b;
                return;
            }
            prepend(second, b);
            first = 0;
            second = 0;
            error(out);
            return;
        }
        if (first != 0) {
            if (isDigit(b)) {
                second = b;
                return;
            }
            int lead = first;
            first = 0;
            int offset = b < 0x7F ? 0x40 : 0x41;
            int codePoint = (b >= 0x40 && b <= 0x7E) || (b >= 0x80 && b <= 0xFE)
                    ? MultiByteIndexes.codePoint(twoByteIndex, (lead - 0x81) * 190 + (b - offset))
                    : MultiByteIndexes.UNMAPPED;
            endPair(codePoint, b, out);
            return;
        }
        if (isAscii(b)) {
            out.append((char) b);
        } else if (b == 0x80) {
            out.append('\u20AC');
        } else if (b >= 0x81 && b <= 0xFE) {
            first = b;
        } else {
            error(out);
        }
    }

    private static boolean isDigit(int b) {
        return b >= 0x30 && b <= 0x39;
    }

    @Override
    protected void resetState() {
        first = 0;
        second = 0;
        third = 0;
    }
}
