package dev.hearth.shim.ttrpc;

/**
 * One ttrpc message on the wire: a 10-byte header (uint32 big-endian payload length, uint32
 * big-endian stream id, uint8 type, uint8 flags) followed by the payload.
 */
record Frame(int streamId, byte type, byte flags, byte[] payload) {
    static final int HEADER_LENGTH = 10;
    /** ttrpc's limit on a payload; larger frames are refused by both ends. */
    static final int MAX_PAYLOAD = 4 << 20;

    static final byte TYPE_REQUEST = 1;
    static final byte TYPE_RESPONSE = 2;
    static final byte TYPE_DATA = 3;

    static boolean isKnownType(byte type) {
        return type == TYPE_REQUEST || type == TYPE_RESPONSE || type == TYPE_DATA;
    }

    static String typeName(byte type) {
        return switch (type) {
            case TYPE_REQUEST -> "request";
            case TYPE_RESPONSE -> "response";
            case TYPE_DATA -> "data";
            default -> "unknown(" + (type & 0xff) + ")";
        };
    }
}
