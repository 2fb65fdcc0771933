package dev.hearth.launcher.web.encoding;

/**
 * A legacy single-byte encoding: bytes below 0x80 are ASCII, the others are looked up in the
 * encoding's index (128 code points; a byte the index leaves unmapped is an error). Also serves
 * x-user-defined, whose "index" maps 0x80..0xFF to U+F780..U+F7FF.
 */
public final class SingleByteDecoder extends ByteDecoder {

    /** Marks a byte the index does not map (U+FFFF is in no single-byte index). */
    static final char UNMAPPED = '\uFFFF';

    private final char[] upperHalf;

    /** @param upperHalf the code points of bytes 0x80..0xFF, {@link #UNMAPPED} where there is none */
    public SingleByteDecoder(char[] upperHalf, boolean fatal) {
        super(fatal);
        if (upperHalf.length != 128) {
            throw new IllegalArgumentException("a single-byte index has 128 entries, not " + upperHalf.length);
        }
        this.upperHalf = upperHalf;
    }

    @Override
    public void decode(byte[] in, int off, int len, boolean end, StringBuilder out) {
        for (int i = off, limit = off + len; i < limit; i++) {
            int b = in[i];
            if (b >= 0) {
                out.append((char) b);
            } else {
                char c = upperHalf[b + 128];
                if (c == UNMAPPED) {
                    error(out);
                } else {
                    out.append(c);
                }
            }
        }
    }

    @Override
    public void reset() {
        // stateless
    }
}
