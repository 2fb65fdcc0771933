package dev.hearth.shim.ttrpc;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Reads and writes ttrpc frames on a blocking socket channel. One thread reads; any number
 * of threads may write, and each frame is written whole before the next one starts.
 */
final class FrameChannel implements AutoCloseable {
    /** The payload of a frame was larger than {@link Frame#MAX_PAYLOAD}; it has been skipped. */
    static final class OversizedFrameException extends IOException {
        final int streamId;
        final byte type;
        final long length;

        OversizedFrameException(int streamId, byte type, long length) {
            super("message length " + length + " exceeds maximum message size of " + Frame.MAX_PAYLOAD);
            this.streamId = streamId;
            this.type = type;
            this.length = length;
        }
    }

    /** The peer closed the connection cleanly, between two frames. */
    static final class PeerClosedException extends EOFException {
        PeerClosedException() {
            super("connection closed by peer");
        }
    }

    /** A header that cannot be a ttrpc frame: the byte stream cannot be trusted any more. */
    static final class MalformedFrameException extends IOException {
        MalformedFrameException(String message) {
            super(message);
        }
    }

    private final SocketChannel channel;
    private final ByteBuffer readHeader = ByteBuffer.allocate(Frame.HEADER_LENGTH);
    private final ByteBuffer writeHeader = ByteBuffer.allocate(Frame.HEADER_LENGTH);
    private final ReentrantLock writeLock = new ReentrantLock();

    FrameChannel(SocketChannel channel) {
        this.channel = channel;
    }

    /**
     * Reads the next frame.
     *
     * @throws PeerClosedException      the peer closed the connection between frames
     * @throws EOFException             the peer closed the connection in the middle of a frame
     * @throws OversizedFrameException  the frame was too large; its payload was read and dropped,
     *                                  so the channel is still in step and the caller may answer
     * @throws MalformedFrameException  the header is not a ttrpc header; close the connection
     */
    Frame read() throws IOException {
        readHeader.clear();
        if (!fill(readHeader)) {
            if (readHeader.position() == 0) {
                throw new PeerClosedException();
            }
            throw new EOFException("connection closed in the middle of a frame header");
        }
        readHeader.flip();
        long length = Integer.toUnsignedLong(readHeader.getInt());
        int streamId = readHeader.getInt();
        byte type = readHeader.get();
        byte flags = readHeader.get();
        if (!Frame.isKnownType(type)) {
            throw new MalformedFrameException("unknown frame type " + (type & 0xff) + " (stream " + Integer.toUnsignedString(streamId)
                    + ", length " + length + ")");
        }
        if (length > Frame.MAX_PAYLOAD) {
            discard(length);
            throw new OversizedFrameException(streamId, type, length);
        }
        ByteBuffer payload = ByteBuffer.allocate((int) length);
        if (!fill(payload)) {
            throw new EOFException("connection closed in the middle of a " + Frame.typeName(type) + " frame");
        }
        return new Frame(streamId, type, flags, payload.array());
    }

    /** Writes one frame; safe to call from several threads at once. */
    void write(int streamId, byte type, byte flags, byte[] payload) throws IOException {
        if (payload.length > Frame.MAX_PAYLOAD) {
            throw new IOException("refusing to send a " + payload.length + "-byte message: the ttrpc limit is " + Frame.MAX_PAYLOAD);
        }
        writeLock.lock();
        try {
            writeHeader.clear();
            writeHeader.putInt(payload.length).putInt(streamId).put(type).put(flags).flip();
            ByteBuffer[] buffers = {writeHeader, ByteBuffer.wrap(payload)};
            while (buffers[1].hasRemaining() || buffers[0].hasRemaining()) {
                channel.write(buffers);
            }
        } finally {
            writeLock.unlock();
        }
    }

    boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing a socket fails only if it is already broken; nothing left to release.
        }
    }

    /** Fills the buffer; false if the stream ended first. */
    private boolean fill(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                return false;
            }
        }
        return true;
    }

    private void discard(long length) throws IOException {
        ByteBuffer sink = ByteBuffer.allocate(64 * 1024);
        long left = length;
        while (left > 0) {
            sink.clear();
            if (left < sink.capacity()) {
                sink.limit((int) left);
            }
            int n = channel.read(sink);
            if (n < 0) {
                throw new EOFException("connection closed while skipping an oversized frame of " + length + " bytes");
            }
            left -= n;
        }
    }
}
