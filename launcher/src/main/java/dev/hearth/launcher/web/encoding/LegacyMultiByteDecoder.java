package dev.hearth.launcher.web.encoding;

/**
 * The standard's model of a legacy multi-byte decoder: a handler that sees one byte at a time,
 * then end-of-stream, and may "prepend" bytes it already took back to the stream (so they are
 * read again, before the rest of the input) when they turn out not to belong to the sequence it
 * was building. Those bytes can come from an earlier {@link #decode} call, so they are kept here
 * rather than re-read from the caller's array. Subclasses implement {@link #handle}.
 */
abstract class LegacyMultiByteDecoder extends ByteDecoder {

    /** The byte value that stands for end-of-stream in {@link #handle} (and may be prepended). */
    static final int END_OF_STREAM = -1;

    /** Bytes to read before the next input byte; the next one to read is on top. */
    private final int[] prepended = new int[8];
    private int prependedCount;

    protected LegacyMultiByteDecoder(boolean fatal) {
        super(fatal);
    }

    /**
     * The standard's handler for one byte ({@code 0..255}) or {@link #END_OF_STREAM}: appends
     * what it decodes to {@code out}, calls {@link #error} for "return error", {@link #prepend}
     * for "prepend"/"restore" to the stream, and does nothing for "continue"/"finished".
     */
    protected abstract void handle(int b, StringBuilder out);

    /** Clears the handler's own state (lead bytes, modes); the prepended bytes are cleared here. */
    protected abstract void resetState();

    /** Puts bytes back in front of the stream; {@code bytes[0]} is read first. */
    protected final void prepend(int... bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) prepended[prependedCount++] = bytes[i];
    }

    @Override
    public final void decode(byte[] in, int off, int len, boolean end, StringBuilder out) {
        for (int i = off, limit = off + len; i < limit; i++) {
            feed(in[i] & 0xFF, out);
        }
        if (end) feed(END_OF_STREAM, out);
    }

    private void feed(int b, StringBuilder out) {
        handle(b, out);
        while (prependedCount > 0) {
            handle(prepended[--prependedCount], out);
        }
    }

    @Override
    public final void reset() {
        prependedCount = 0;
        resetState();
    }

    /**
     * The end of a pair whose pointer maps to {@code codePoint}: the code point, or (unmapped) an
     * error, with an ASCII trail byte read again on its own so a lost lead byte does not swallow
     * the text after it.
     */
    protected final void endPair(int codePoint, int trail, StringBuilder out) {
        if (codePoint != MultiByteIndexes.UNMAPPED) {
            out.appendCodePoint(codePoint);
            return;
        }
        if (isAscii(trail)) prepend(trail);
        error(out);
    }

    static boolean isAscii(int b) {
        return b >= 0 && b < 0x80;
    }
}
