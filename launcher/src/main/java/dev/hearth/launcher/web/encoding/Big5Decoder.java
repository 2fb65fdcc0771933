package dev.hearth.launcher.web.encoding;

/**
 * The standard's Big5 decoder (Big5 with the HKSCS extensions, as browsers decode it): a lead
 * byte 0x81..0xFE and a trail byte 0x40..0x7E or 0xA1..0xFE give a pointer into index Big5, some
 * of whose code points lie above U+FFFF. Four pointers decode to a letter plus a combining mark,
 * which Unicode has no single code point for. An ASCII trail byte of an unmapped pair is read
 * again on its own.
 */
final class Big5Decoder extends LegacyMultiByteDecoder {

    private final int[] index = MultiByteIndexes.pointerIndex(MultiByteIndexes.BIG5);
    private int lead;

    Big5Decoder(boolean fatal) {
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
            int offset = b < 0x7F ? 0x40 : 0x62;
            int pointer = (b >= 0x40 && b <= 0x7E) || (b >= 0xA1 && b <= 0xFE) ? (first - 0x81) * 157 + (b - offset) : -1;
            switch (pointer) {
                case 1133 -> out.append("\u00CA\u0304");
                case 1135 -> out.append("\u00CA\u030C");
                case 1164 -> out.append("\u00EA\u0304");
                case 1166 -> out.append("\u00EA\u030C");
                default -> {
                    int codePoint = MultiByteIndexes.codePoint(index, pointer);
                    if (codePoint != MultiByteIndexes.UNMAPPED) {
                        out.appendCodePoint(codePoint);
                    } else {
                        if (isAscii(b)) prepend(b);
                        error(out);
                    }
                }
            }
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
