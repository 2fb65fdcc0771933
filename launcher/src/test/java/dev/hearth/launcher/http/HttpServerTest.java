package dev.hearth.launcher.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server without JavaScript: a single-thread executor plays the event loop. */
class HttpServerTest {

    private final ExecutorService loop = Executors.newSingleThreadExecutor();
    private HttpServer server;

    private void start(Duration idle, Duration head) throws Exception {
        server = new HttpServer(new InetSocketAddress("127.0.0.1", 0), loop, exchange -> {
            exchange.respond(200, "", List.of("content-type", "text/plain"));
            exchange.write(("you asked for " + exchange.head().target()).getBytes());
            exchange.end();
        }, line -> { }, new HttpServer.Timeouts(idle, head));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        loop.shutdownNow();
    }

    @Test
    void answersFromTheLoopWithALengthAndKeepsTheConnection() throws Exception {
        start(Duration.ofSeconds(60), Duration.ofSeconds(60));
        try (RawClient client = new RawClient(server.address())) {
            client.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Response r = client.read();
            assertEquals("you asked for /a", r.body());
            assertEquals("16", r.header("content-length"));
            client.send("GET /b HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("you asked for /b", client.read().body());
        }
        assertEquals(0, server.inFlight());
    }

    @Test
    void idleConnectionsAndTricklingHeadsAreClosed() throws Exception {
        start(Duration.ofMillis(300), Duration.ofMillis(600));
        try (RawClient idle = new RawClient(server.address()); RawClient trickling = new RawClient(server.address())) {
            idle.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("you asked for /a", idle.read().body());
            trickling.send("GET /never-ends HTTP/1.1\r\nHost: x\r\n");
            assertTrue(idle.closedByServer(), "closed after being idle");
            assertTrue(trickling.closedByServer(), "closed with its head unfinished");
        }
    }
}
