package dev.hearth.launcher.web.encoding;

/**
 * The standard's shared UTF-16 decoder (UTF-16BE and UTF-16LE): an unpaired surrogate is an
 * error, and so is an odd byte or a lead surrogate left over at the end of the stream.
 */
public final class Utf16Decoder extends ByteDecoder {

    private final boolean bigEndian;
    private int leadByte = -1;
    private int leadSurrogate = -1;

    public Utf16Decoder(boolean bigEndian, boolean fatal) {
        super(fatal);
        this.bigEndian = bigEndian;
    }

    @Override
    public void decode(byte[] in, int off, int len, boolean end, StringBuilder out) {
        for (int i = off, limit = off + len; i < limit; i++) {
            int b = in[i] & 0xFF;
            if (leadByte < 0) {
                leadByte = b;
                continue;
            }
            int unit = bigEndian ? (leadByte << 8) | b : (b << 8) | leadByte;
            leadByte = -1;
            if (leadSurrogate >= 0) {
                int lead = leadSurrogate;
                leadSurrogate = -1;
                if (Character.isLowSurrogate((char) unit)) {
                    out.append((char) lead).append((char) unit);
                    continue;
                }
                // The standard puts this unit's bytes back; decoding them again is what follows.
                error(out);
            }
            if (Character.isHighSurrogate((char) unit)) {
                leadSurrogate = unit;
            } else if (Character.isLowSurrogate((char) unit)) {
                error(out);
            } else {
                out.append((char) unit);
            }
        }
        if (end && (leadByte >= 0 || leadSurrogate >= 0)) {
            reset();
            error(out);
        }
    }

    @Override
    public void reset() {
        leadByte = -1;
        leadSurrogate = -1;
    }
}
