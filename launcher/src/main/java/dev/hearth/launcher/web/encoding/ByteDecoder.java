package dev.hearth.launcher.web.encoding;

/**
 * One encoding's decoder from the WHATWG Encoding Standard: bytes in, UTF-16 out. It keeps its
 * state between calls, so a multi-byte sequence may be split across chunks (stream mode).
 * Errors either become U+FFFD (replacement mode) or raise {@link MalformedInputError} (fatal).
 */
public abstract class ByteDecoder {

    static final char REPLACEMENT = '\uFFFD';

    private final boolean fatal;

    protected ByteDecoder(boolean fatal) {
        this.fatal = fatal;
    }

    /**
     * Decodes {@code len} bytes of {@code in} from {@code off}, appending to {@code out}.
     *
     * @param end true when no more bytes follow: a sequence still incomplete is an error
     */
    public abstract void decode(byte[] in, int off, int len, boolean end, StringBuilder out);

    /** Forgets any partial sequence (a new stream starts). */
    public abstract void reset();

    /** The standard's "error": U+FFFD, or a stop in fatal mode. The decoder is reset first. */
    protected final void error(StringBuilder out) {
        if (fatal) {
            reset();
            throw new MalformedInputError();
        }
        out.append(REPLACEMENT);
    }

    /** Raised in fatal mode on the first byte sequence that is not valid in the encoding. */
    public static final class MalformedInputError extends RuntimeException {
        MalformedInputError() {
            super("the encoded data was not valid", null, false, false);
        }
    }
}
