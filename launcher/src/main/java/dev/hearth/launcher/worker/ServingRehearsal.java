package dev.hearth.launcher.worker;

import dev.hearth.launcher.http.ServeSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A pool worker serves one request to a throwaway fetch handler on loopback before it parks, so
 * that a fetch handler's first request after a warm start does not run the HTTP server, the
 * request and response classes and serve.js for the first time in this JVM (first response 25-32
 * ms after Create, later requests 3-7 ms, measured before this rehearsal). The client is a plain
 * socket (no HTTP client library and its threads in a parked worker); the server is stopped
 * the way SIGTERM would stop it ({@link ThrowawayFunction}).
 */
final class ServingRehearsal {

    private static final int TIMEOUT_MILLIS = 10_000;

    private static final String HANDLER = """
            export default {
              async fetch(request, env, ctx) {
                const body = await request.text();
                const url = new URL(request.url);
                ctx.waitUntil(Promise.resolve());
                return Response.json({ path: url.pathname, query: url.searchParams.get('q'), body },
                  { headers: { 'x-rehearsal': '1' } });
              },
            };
            """;

    private ServingRehearsal() { }

    /** Serves the rehearsal request; true when it was answered 200 (false after a logged failure). */
    static boolean run() {
        AtomicReference<String> statusLine = new AtomicReference<>("");
        AtomicReference<Runnable> stop = new AtomicReference<>();
        CountDownLatch stopKnown = new CountDownLatch(1);
        boolean ran = ThrowawayFunction.run("serving rehearsal", HANDLER, Map.of(), runtime -> runtime.serveWith(
                ServeSettings.fromEnvironment(Map.of())
                        .withBind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                        .stoppedBy(trigger -> {
                            stop.set(trigger);
                            stopKnown.countDown();
                        })
                        .onListening(address -> Thread.ofPlatform().daemon().name("hearth-serving-rehearsal")
                                .start(() -> requestThenStop(address, stop, stopKnown, statusLine)))));
        return ran && statusLine.get().startsWith("HTTP/1.1 200 ");
    }

    /** One POST over a fresh connection, its response read to the end, then the graceful stop. */
    private static void requestThenStop(InetSocketAddress address, AtomicReference<Runnable> stop, CountDownLatch stopKnown,
            AtomicReference<String> statusLine) {
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            String body = "{\"rehearsal\":true}";
            String request = "POST /rehearsal?q=1 HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body;
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1); // to the server's close
            statusLine.set(response.lines().findFirst().orElse(""));
        } catch (IOException e) {
            System.err.println("hearth worker " + ProcessHandle.current().pid() + ": serving rehearsal request failed (ignored): " + e);
        } finally {
            try {
                if (stopKnown.await(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                    stop.get().run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
