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

    /** Appends what {@code lead} and {@code trail} decode to; false when they decode to nothing. */
    protected abstract boolean decodePair(int lead, int trail, StringBuilder out);

    /** Appends {@code b} when it is a character by itself; false when it is not. */
    protected abstract boolean decodeSingle(int b, StringBuilder out);

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
            if (!decodePair(first, b, out)) {
                if (isAscii(b)) prepend(b);
                error(out);
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

    /** Appends the index's code point for {@code pointer}; false when it maps nothing (or pointer is -1). */
    static boolean appendMapped(int[] index, int pointer, StringBuilder out) {
        int codePoint = MultiByteIndexes.codePoint(index, pointer);
        if (codePoint == MultiByteIndexes.UNMAPPED) {
            return false;
        }
        out.appendCodePoint(codePoint);
        return true;
    }

    @Override
    protected final void resetState() {
        lead = 0;
    }
}
