package dev.hearth.launcher.web.encoding;

/**
 * Which encodings hearth decodes, and their decoders: every encoding of the standard except
 * "replacement" (which TextDecoder refuses by spec): UTF-8, UTF-16BE/LE, the legacy single-byte
 * encodings, x-user-defined, and the legacy multi-byte encodings GBK and gb18030 (one decoder),
 * Big5, EUC-JP, ISO-2022-JP, Shift_JIS and EUC-KR, whose indexes are loaded on first use.
 */
public final class Encodings {

    private Encodings() {}

    /** Thrown for an encoding that exists in the standard but cannot be decoded here. */
    public static final class UnsupportedEncodingError extends RuntimeException {
        UnsupportedEncodingError(String message) {
            super(message);
        }
    }

    /**
     * The decoder for an encoding {@code name} (as {@link EncodingTables#nameOf} returns it).
     *
     * @throws UnsupportedEncodingError for "replacement" (never decodable by TextDecoder)
     */
    public static TextDecoderState textDecoder(String name, boolean fatal, boolean ignoreBom) {
        ByteDecoder decoder = switch (name) {
            case "UTF-8" -> new Utf8Decoder(fatal);
            case "UTF-16LE" -> new Utf16Decoder(false, fatal);
            case "UTF-16BE" -> new Utf16Decoder(true, fatal);
            case "x-user-defined" -> new SingleByteDecoder(xUserDefinedIndex(), fatal);
            case "GBK", "gb18030" -> new Gb18030Decoder(fatal);
            case "Big5" -> new Big5Decoder(fatal);
            case "EUC-JP" -> new EucJpDecoder(fatal);
            case "ISO-2022-JP" -> new Iso2022JpDecoder(fatal);
            case "Shift_JIS" -> new ShiftJisDecoder(fatal);
            case "EUC-KR" -> new EucKrDecoder(fatal);
            case "replacement" -> throw new UnsupportedEncodingError(
                    "the replacement encoding cannot be used to decode");
            default -> {
                char[] index = EncodingTables.standard().singleByteIndex(name);
                if (index == null) {
                    throw new IllegalArgumentException(name + " is not an encoding name of the standard");
                }
                yield new SingleByteDecoder(index, fatal);
            }
        };
        boolean unicode = name.equals("UTF-8") || name.startsWith("UTF-16");
        return new TextDecoderState(decoder, unicode && !ignoreBom);
    }

    private static char[] xUserDefinedIndex() {
        char[] index = new char[128];
        for (int i = 0; i < 128; i++) index[i] = (char) (0xF780 + i);
        return index;
    }
}
