package dev.hearth.launcher.web.encoding;

/**
 * The shape the standard's Big5, EUC-KR and Shift_JIS decoders share: a byte is a character by
 * itself, or the lead of a pair whose trail byte completes a pointer. A pair that decodes to
 * nothing is an error, and its trail byte, when ASCII, is read again on its own (so a lost lead
 * byte does not swallow the text after it); a lead at the end of the stream is an error. The
 * subclasses say which bytes are what and what a pair decodes to.
 */
abstract class LeadTrailDecoder extends LegacyMultiByteDecoder {

    private int lead;

    LeadTrailDecoder(boolean fatal) {
        super(fatal);
    }

    /**
     * What {@code lead} and {@code trail} decode to: a code point, {@link MultiByteIndexes#UNMAPPED},
     * or (when the pair stands for more than one code point) {@link #APPENDED} after appending them.
     */
    protected abstract int decodePair(int lead, int trail, StringBuilder out);

    /** {@link #decodePair}'s answer for a pair it appended itself. */
    static final int APPENDED = -2;

    /** Appends {@code b} when it is a character by itself (ASCII here); false when it is not. */
    protected boolean decodeSingle(int b, StringBuilder out) {
        if (!isAscii(b)) {
            return false;
        }
        out.append((char) b);
        return true;
    }

    protected abstract boolean isLead(int b);

    @Override
    protected final void handle(int b, StringBuilder out) {
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
            int codePoint = decodePair(first, b, out);
            if (codePoint != APPENDED) {
                endPair(codePoint, b, out);
            }
            return;
        }
        if (decodeSingle(b, out)) {
            return;
        }
        if (isLead(b)) {
            lead = b;
        } else {
            error(out);
        }
    }

    @Override
    protected final void resetState() {
        lead = 0;
    }
}
