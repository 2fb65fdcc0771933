package dev.hearth.launcher.web.encoding;

/**
 * The standard's Big5 decoder (Big5 with the HKSCS extensions, as browsers decode it): a lead
 * byte 0x81..0xFE and a trail byte 0x40..0x7E or 0xA1..0xFE give a pointer into index Big5, some
 * of whose code points lie above U+FFFF. Four pointers decode to a letter plus a combining mark,
 * which Unicode has no single code point for. An ASCII trail byte of an unmapped pair is read
 * again on its own.
 */
final class Big5Decoder extends LeadTrailDecoder {

    private final int[] index = MultiByteIndexes.pointerIndex(MultiByteIndexes.BIG5);

    Big5Decoder(boolean fatal) {
        super(fatal);
    }

    @Override
    protected int decodePair(int lead, int trail, StringBuilder out) {
        int offset = trail < 0x7F ? 0x40 : 0x62;
        int pointer = (trail >= 0x40 && trail <= 0x7E) || (trail >= 0xA1 && trail <= 0xFE) ? (lead - 0x81) * 157 + (trail - offset) : -1;
        switch (pointer) {
            case 1133 -> out.append("\u00CA\u0304");
            case 1135 -> out.append("\u00CA\u030C");
            case 1164 -> out.append("\u00EA\u0304");
            case 1166 -> out.append("\u00EA\u030C");
            default -> {
                return MultiByteIndexes.codePoint(index, pointer);
            }
        }
        return APPENDED;
    }

    @Override
    protected boolean isLead(int b) {
        return b >= 0x81 && b <= 0xFE;
    }
}
