package dev.hearth.launcher.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlChannelTest {

    @TempDir
    Path tmp;
    ServerSocketChannel server;
    SocketChannel raw;       // the test's end, to write arbitrary bytes
    ControlChannel channel;  // the end under test

    @BeforeEach
    void connect() throws Exception {
        Path socket = tmp.resolve("c.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socket));
        channel = ControlChannel.connect(socket);
        raw = server.accept();
    }

    @AfterEach
    void close() throws Exception {
        channel.closeQuietly();
        raw.close();
        server.close();
    }

    private void sendRaw(byte[] bytes) throws Exception {
        raw.write(ByteBuffer.wrap(bytes));
    }

    @Test
    void everyMessageSurvivesTheRoundTrip() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/bin");
        env.put("GREETING", "héllo wörld ✓");
        env.put("EMPTY", "");
        List<ControlMessage> messages = List.of(
                new ControlMessage.Hello("tok", 4242L),
                new ControlMessage.Load("/r/app/index.js", "/r", "/app", env, List.of("/app/index.js", "--x", ""),
                        "", "/run/fifo/out", "file:///tmp/err.log", 54L << 20, "/var/run/netns/cni-1", "/var/lib/cri/sandboxes/1/resolv.conf"),
                new ControlMessage.Loaded(),
                new ControlMessage.LoadFailed("SyntaxError: /app/index.js:2:3 oops"),
                new ControlMessage.Start(),
                new ControlMessage.Prepare(),
                new ControlMessage.Parked(),
                new ControlMessage.OutOfMemory("hearth: the function ran out of memory: heap limit 96 MiB"));
        ControlChannel peer = new ControlChannel(raw);
        for (ControlMessage message : messages) {
            channel.send(message);
            ControlMessage received = peer.receive();
            assertEquals(message, received);
        }
        ControlMessage.Load load = (ControlMessage.Load) ControlChannel.decode(
                java.util.Arrays.copyOfRange(ControlChannel.encode(messages.get(1)), 4, ControlChannel.encode(messages.get(1)).length));
        assertEquals(List.copyOf(env.keySet()), List.copyOf(load.env().keySet()), "env keeps its order");
    }

    @Test
    void frameLayoutIsLengthTypeBody() throws Exception {
        byte[] frame = ControlChannel.encode(new ControlMessage.Hello("ab", 1L));
        // length = 1 (type) + 4 + 2 (string) + 8 (long) = 15
        assertEquals(List.of(0, 0, 0, 15, 1, 0, 0, 0, 2, (int) 'a', (int) 'b', 0, 0, 0, 0, 0, 0, 0, 1),
                java.util.stream.IntStream.range(0, frame.length).mapToObj(i -> (int) frame[i]).toList());
    }

    @Test
    void cleanCloseIsEof() throws Exception {
        raw.close();
        assertThrows(EOFException.class, channel::receive);
    }

    @Test
    void closeMidFrameIsAnError() throws Exception {
        sendRaw(new byte[] {0, 0, 0, 10, 3});
        raw.close();
        EOFException e = assertThrows(EOFException.class, channel::receive);
        assertTrue(e.getMessage().contains("middle of a frame"), e.getMessage());
    }

    @Test
    void unknownTypeIsAProtocolError() throws Exception {
        sendRaw(new byte[] {0, 0, 0, 1, 99});
        ProtocolException e = assertThrows(ProtocolException.class, channel::receive);
        assertTrue(e.getMessage().contains("unknown frame type 99"), e.getMessage());
    }

    @Test
    void oversizedAndEmptyFramesAreRefusedBeforeReading() throws Exception {
        sendRaw(new byte[] {0x7f, 0, 0, 0});
        assertThrows(ProtocolException.class, channel::receive);
        ProtocolException zero = assertThrows(ProtocolException.class, () -> ControlChannel.decode(new byte[0]));
        assertEquals("empty frame", zero.getMessage());
    }

    @Test
    void truncatedAndOverlongBodiesAreProtocolErrors() {
        // Hello whose string claims 100 bytes but has 2.
        assertThrows(ProtocolException.class, () -> ControlChannel.decode(new byte[] {1, 0, 0, 0, 100, 'a', 'b'}));
        // Loaded with a trailing byte.
        ProtocolException trailing = assertThrows(ProtocolException.class, () -> ControlChannel.decode(new byte[] {3, 7}));
        assertTrue(trailing.getMessage().contains("unexpected bytes"), trailing.getMessage());
        // Hello missing its pid.
        assertThrows(ProtocolException.class, () -> ControlChannel.decode(new byte[] {1, 0, 0, 0, 0}));
    }

    @Test
    void receiveWithTimeoutGivesUpAndCloses() {
        long start = System.nanoTime();
        assertThrows(ControlTimeoutException.class, () -> channel.receive(Duration.ofMillis(100)));
        assertTrue(System.nanoTime() - start < 5_000_000_000L);
        assertThrows(Exception.class, () -> channel.send(new ControlMessage.Start()), "closed after a timeout");
    }

    @Test
    void receiveWithTimeoutReturnsWhatArrivesInTime() throws Exception {
        new ControlChannel(raw).send(new ControlMessage.Loaded());
        assertEquals(new ControlMessage.Loaded(), channel.receive(Duration.ofSeconds(5)));
        // the cancelled timer must not close the channel later
        Thread.sleep(50);
        new ControlChannel(raw).send(new ControlMessage.Start());
        assertEquals(new ControlMessage.Start(), channel.receive());
    }
}
