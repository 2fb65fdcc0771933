package dev.hearth.launcher.web.encoding;

import java.util.Set;

/**
 * Which encodings hearth decodes, and their decoders: UTF-8, UTF-16BE/LE, the legacy
 * single-byte encodings and x-user-defined. The legacy multi-byte encodings (GBK, gb18030,
 * Big5, EUC-JP, ISO-2022-JP, Shift_JIS, EUC-KR) are known labels but not implemented.
 */
public final class Encodings {

    private static final Set<String> MULTI_BYTE = Set.of(
            "GBK", "gb18030", "Big5", "EUC-JP", "ISO-2022-JP", "Shift_JIS", "EUC-KR");

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
     * @throws UnsupportedEncodingError for "replacement" (never decodable by TextDecoder) and
     *                                  the multi-byte encodings
     */
    public static TextDecoderState textDecoder(String name, boolean fatal, boolean ignoreBom) {
        ByteDecoder decoder = switch (name) {
            case "UTF-8" -> new Utf8Decoder(fatal);
            case "UTF-16LE" -> new Utf16Decoder(false, fatal);
            case "UTF-16BE" -> new Utf16Decoder(true, fatal);
            case "x-user-defined" -> new SingleByteDecoder(xUserDefinedIndex(), fatal);
            case "replacement" -> throw new UnsupportedEncodingError(
                    "the replacement encoding cannot be used to decode");
            default -> {
                if (MULTI_BYTE.contains(name)) {
                    throw new UnsupportedEncodingError("the legacy multi-byte encoding " + name + " is not supported by hearth");
                }
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
