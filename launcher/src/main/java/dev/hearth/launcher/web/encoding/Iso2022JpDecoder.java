package dev.hearth.launcher.web.encoding;

/**
 * The standard's ISO-2022-JP decoder: a 7-bit encoding whose escape sequences switch what the
 * following bytes mean. ESC ( B is ASCII, ESC ( J is JIS X 0201 Roman (ASCII with U+00A5 and
 * U+203E at 0x5C and 0x7E), ESC ( I is halfwidth katakana, ESC $ @ and ESC $ B are JIS X 0208
 * byte pairs (index jis0208). Two escape sequences with nothing decoded between them are an
 * error (such output can hide content from filters), as is any byte that is not one of the
 * current mode's, including SO, SI and bytes above 0x7F. The mode lasts across stream chunks.
 */
final class Iso2022JpDecoder extends LegacyMultiByteDecoder {

    private enum State { ASCII, ROMAN, KATAKANA, LEAD_BYTE, TRAIL_BYTE, ESCAPE_START, ESCAPE }

    private static final int ESC = 0x1B;
    private static final int SO = 0x0E;
    private static final int SI = 0x0F;

    private final int[] jis0208 = MultiByteIndexes.pointerIndex(MultiByteIndexes.JIS0208);
    private State state = State.ASCII;
    /** The mode to go back to after a broken escape sequence: ASCII, ROMAN, KATAKANA or LEAD_BYTE. */
    private State outputState = State.ASCII;
    private int lead;
    /** True right after an escape sequence, until something is decoded. */
    private boolean output;

    Iso2022JpDecoder(boolean fatal) {
        super(fatal);
    }

    @Override
    protected void handle(int b, StringBuilder out) {
        switch (state) {
            case ASCII -> {
                if (b == ESC) {
                    state = State.ESCAPE_START;
                } else if (b >= 0 && b <= 0x7F && b != SO && b != SI) {
                    output = false;
                    out.append((char) b);
                } else if (b != END_OF_STREAM) {
                    output = false;
                    error(out);
                }
            }
            case ROMAN -> {
                if (b == ESC) {
                    state = State.ESCAPE_START;
                } else if (b >= 0 && b <= 0x7F && b != SO && b != SI) {
                    output = false;
                    out.append(b == 0x5C ? '\u00A5' : b == 0x7E ? '\u203E' : (char) b);
                } else if (b != END_OF_STREAM) {
                    output = false;
                    error(out);
                }
            }
            case KATAKANA -> {
                if (b == ESC) {
                    state = State.ESCAPE_START;
                } else if (b >= 0x21 && b <= 0x5F) {
                    output = false;
                    out.append((char) (0xFF61 - 0x21 + b));
                } else if (b != END_OF_STREAM) {
                    output = false;
                    error(out);
                }
            }
            case LEAD_BYTE -> {
                if (b == ESC) {
                    state = State.ESCAPE_START;
                } else if (b >= 0x21 && b <= 0x7E) {
                    output = false;
                    lead = b;
                    state = State.TRAIL_BYTE;
                } else if (b != END_OF_STREAM) {
                    output = false;
                    error(out);
                }
            }
            case TRAIL_BYTE -> trailByte(b, out);
            case ESCAPE_START -> {
                if (b == 0x24 || b == 0x28) {
                    lead = b;
                    state = State.ESCAPE;
                } else {
                    prepend(b);
                    output = false;
                    state = outputState;
                    error(out);
                }
            }
            case ESCAPE -> escape(b, out);
        }
    }

    private void trailByte(int b, StringBuilder out) {
        if (b == ESC) {
            state = State.ESCAPE_START;
            error(out);
            return;
        }
        state = State.LEAD_BYTE;
        if (b >= 0x21 && b <= 0x7E) {
            int codePoint = MultiByteIndexes.codePoint(jis0208, (lead - 0x21) * 94 + b - 0x21);
            if (codePoint == MultiByteIndexes.UNMAPPED) {
                error(out);
            } else {
                out.appendCodePoint(codePoint);
            }
            return;
        }
        if (b == END_OF_STREAM) prepend(b);
        error(out);
    }

    private void escape(int b, StringBuilder out) {
        int first = lead;
        lead = 0;
        State selected = null;
        if (first == 0x28 && b == 0x42) {
            selected = State.ASCII;
        } else if (first == 0x28 && b == 0x4A) {
            selected = State.ROMAN;
        } else if (first == 0x28 && b == 0x49) {
            selected = State.KATAKANA;
        } else if (first == 0x24 && (b == 0x40 || b == 0x42)) {
            selected = State.LEAD_BYTE;
        }
        if (selected != null) {
            state = selected;
            outputState = selected;
            boolean twoInARow = output;
            output = true;
            if (twoInARow) error(out);
            return;
        }
        prepend(first, b);
        output = false;
        state = outputState;
        error(out);
    }

    @Override
    protected void resetState() {
        state = State.ASCII;
        outputState = State.ASCII;
        lead = 0;
        output = false;
    }
}
