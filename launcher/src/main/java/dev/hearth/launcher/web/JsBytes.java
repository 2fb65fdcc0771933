package dev.hearth.launcher.web;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.graalvm.polyglot.Value;

/**
 * Bytes across the sandbox without host access: JS ArrayBuffers are polyglot buffers, read in
 * bulk and written eight bytes per call. Loop thread only (the values belong to the context).
 */
public final class JsBytes {

    private JsBytes() {}

    /** Copies {@code length} bytes at {@code offset} of a JS ArrayBuffer. */
    public static byte[] read(Value arrayBuffer, long offset, int length) {
        if (!arrayBuffer.hasBufferElements()) {
            throw new IllegalArgumentException("expected an ArrayBuffer, got " + arrayBuffer);
        }
        byte[] bytes = new byte[length];
        arrayBuffer.readBuffer(offset, bytes, 0, length);
        return bytes;
    }

    /** A new JS ArrayBuffer (made by {@code allocate(n)}) holding {@code bytes}. */
    /** A copy of all of a JS ArrayBuffer. */
    public static byte[] read(Value arrayBuffer) {
        if (!arrayBuffer.hasBufferElements()) {
            throw new IllegalArgumentException("expected an ArrayBuffer, got " + arrayBuffer);
        }
        return read(arrayBuffer, 0, Math.toIntExact(arrayBuffer.getBufferSize()));
    }

    public static Value toJs(Value allocate, ByteBuffer bytes) {
        int length = bytes.remaining();
        Value buffer = allocate.execute(length);
        ByteBuffer source = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        int at = 0;
        for (; at + 8 <= length; at += 8) {
            buffer.writeBufferLong(ByteOrder.LITTLE_ENDIAN, at, source.getLong(at));
        }
        for (; at < length; at++) {
            buffer.writeBufferByte(at, source.get(at));
        }
        return buffer;
    }
}
