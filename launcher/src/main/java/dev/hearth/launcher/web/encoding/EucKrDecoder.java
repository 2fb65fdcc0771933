package dev.hearth.launcher.web.encoding;

/**
 * The standard's EUC-KR decoder: a lead byte 0x81..0xFE and a trail byte 0x41..0xFE give a
 * pointer into index euc-kr. When the pair maps to nothing, an ASCII trail byte is read again on
 * its own (so a lost lead byte does not swallow the ASCII text after it).
 */
final class EucKrDecoder extends LeadTrailDecoder {

    private final int[] index = MultiByteIndexes.pointerIndex(MultiByteIndexes.EUC_KR);

    EucKrDecoder(boolean fatal) {
        super(fatal);
    }

    @Override
    protected int decodePair(int lead, int trail, StringBuilder out) {
        return trail >= 0x41 && trail <= 0xFE ? MultiByteIndexes.codePoint(index, (lead - 0x81) * 190 + (trail - 0x41))
                : MultiByteIndexes.UNMAPPED;
    }

    @Override
    protected boolean isLead(int b) {
        return b >= 0x81 && b <= 0xFE;
    }
}
