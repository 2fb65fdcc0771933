package dev.hearth.shim.ttrpc;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A test peer that writes and reads ttrpc frames byte by byte, independent of
 * {@link FrameChannel}, so tests check the wire format rather than our own codec against itself.
 */
final class RawConnection implements AutoCloseable {
    record RawFrame(int length, int streamId, int type, int flags, byte[] payload) {}

    private final SocketChannel channel;

    private RawConnection(SocketChannel channel) {
        this.channel = channel;
    }

    static RawConnection open(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        return new RawConnection(channel);
    }

    void writeFrame(int streamId, int type, int flags, byte[] payload) throws IOException {
        writeHeader(payload.length, streamId, type, flags);
        writeBytes(payload);
    }

    void writeHeader(long length, int streamId, int type, int flags) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(10);
        header.putInt((int) length).putInt(streamId).put((byte) type).put((byte) flags).flip();
        while (header.hasRemaining()) {
            channel.write(header);
        }
    }

    void writeBytes(byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    RawFrame readFrame() throws IOException {
        ByteBuffer header = ByteBuffer.allocate(10);
        readFully(header);
        header.flip();
        int length = header.getInt();
        int streamId = header.getInt();
        int type = header.get() & 0xff;
        int flags = header.get() & 0xff;
        ByteBuffer payload = ByteBuffer.allocate(length);
        readFully(payload);
        return new RawFrame(length, streamId, type, flags, payload.array());
    }

    /** True if the server closed the connection (read returns end of stream). */
    boolean closedByPeer() throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        try {
            return channel.read(one) < 0;
        } catch (IOException e) {
            return true; // connection reset counts as closed
        }
    }

    private void readFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new EOFException("server closed the connection");
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
