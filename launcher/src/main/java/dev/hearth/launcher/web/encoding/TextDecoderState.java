package dev.hearth.launcher.web.encoding;

/**
 * What one JS {@code TextDecoder} holds between calls: the encoding's decoder and whether a
 * byte order mark was already dealt with. {@link #decode} is the standard's decode(input,
 * {stream}) minus the JS conversions.
 */
public final class TextDecoderState {

    private final ByteDecoder decoder;
    /** UTF-8 and UTF-16 drop one leading U+FEFF unless ignoreBOM; other encodings keep it. */
    private final boolean stripsBom;
    private boolean bomSeen;

    public TextDecoderState(ByteDecoder decoder, boolean stripsBom) {
        this.decoder = decoder;
        this.stripsBom = stripsBom;
    }

    /**
     * Decodes the next chunk.
     *
     * @param stream true when more chunks follow (a split sequence waits for them); false ends
     *               the stream, and the next call starts a new one
     * @throws ByteDecoder.MalformedInputError in fatal mode; the stream is then reset
     */
    public String decode(byte[] bytes, int off, int len, boolean stream) {
        StringBuilder out = new StringBuilder(len);
        try {
            decoder.decode(bytes, off, len, !stream, out);
        } catch (ByteDecoder.MalformedInputError e) {
            bomSeen = false;
            throw e;
        }
        if (stripsBom && !bomSeen && !out.isEmpty()) {
            // The first code point of the stream decides: a BOM is dropped, anything else stays.
            bomSeen = true;
            if (out.charAt(0) == '\uFEFF') out.deleteCharAt(0);
        }
        if (!stream) {
            decoder.reset();
            bomSeen = false;
        }
        return out.toString();
    }
}
