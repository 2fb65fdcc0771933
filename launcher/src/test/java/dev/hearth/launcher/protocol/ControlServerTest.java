package dev.hearth.launcher.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlServerTest {

    @TempDir
    Path tmp;
    ControlServer server;
    final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeEach
    void listen() throws Exception {
        server = ControlServer.listen(tmp.resolve("control.sock"), log::add);
    }

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void helloWithTheExpectedTokenIsHandedOver() throws Exception {
        String token = ControlServer.newToken();
        CompletableFuture<ControlServer.Arrival> arrival = server.expect(token);
        try (ControlChannel worker = ControlChannel.connect(server.path())) {
            worker.send(new ControlMessage.Hello(token, 77));
            ControlServer.Arrival got = arrival.get(5, TimeUnit.SECONDS);
            assertEquals(77, got.pid());
            got.channel().send(new ControlMessage.Start());
            assertEquals(new ControlMessage.Start(), worker.receive());
            got.channel().close();
        }
    }

    @Test
    void unknownTokenIsRefused() throws Exception {
        CompletableFuture<ControlServer.Arrival> arrival = server.expect(ControlServer.newToken());
        try (ControlChannel intruder = ControlChannel.connect(server.path())) {
            intruder.send(new ControlMessage.Hello("guess", 1));
            assertThrows(EOFException.class, intruder::receive);
        }
        assertFalse(arrival.isDone());
        assertTrue(log.stream().anyMatch(line -> line.contains("unknown or expired token")), log.toString());
    }

    @Test
    void aTokenWorksOnce() throws Exception {
        String token = ControlServer.newToken();
        server.expect(token);
        try (ControlChannel first = ControlChannel.connect(server.path());
                ControlChannel second = ControlChannel.connect(server.path())) {
            first.send(new ControlMessage.Hello(token, 1));
            Thread.sleep(100);
            second.send(new ControlMessage.Hello(token, 2));
            assertThrows(EOFException.class, second::receive);
        }
    }

    @Test
    void forgottenTokenIsRefused() throws Exception {
        String token = ControlServer.newToken();
        CompletableFuture<ControlServer.Arrival> arrival = server.expect(token);
        server.forget(token);
        assertTrue(arrival.isCancelled());
        try (ControlChannel late = ControlChannel.connect(server.path())) {
            late.send(new ControlMessage.Hello(token, 1));
            assertThrows(EOFException.class, late::receive);
        }
    }

    @Test
    void tokensAreRandom() {
        String a = ControlServer.newToken();
        assertEquals(64, a.length());
        assertNotEquals(a, ControlServer.newToken());
    }

    @Test
    void closeRemovesTheSocketAndFailsWaiters() {
        CompletableFuture<ControlServer.Arrival> arrival = server.expect(ControlServer.newToken());
        server.close();
        assertFalse(Files.exists(server.path()));
        assertTrue(arrival.isCompletedExceptionally());
    }
}
