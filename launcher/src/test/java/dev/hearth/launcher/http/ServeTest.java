package dev.hearth.launcher.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real runtime serving real sockets: the handler forms, HTTP/1.1 framing, errors and the graceful stop. */
class ServeTest {

    @TempDir
    Path root;

    private static final String ROUTER = """
            const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
            const path = (request) => request.url.replace(/^http:\\/\\/[^\\/]*/, '');
            export default {
              async fetch(request, env, ctx) {
                const p = path(request);
                if (p === '/slow') { await sleep(200); return new Response('slow'); }
                if (p === '/fast') return new Response('fast');
                if (p === '/env') return new Response(env.WHO + ' ' + Object.isFrozen(env));
                if (p === '/throw') throw new Error('thrown on purpose');
                if (p === '/reject') return Promise.reject(new TypeError('rejected on purpose'));
                if (p === '/not-a-response') return 'just a string';
                if (p === '/echo') {
                  const text = await request.text();
                  return new Response(request.method + ' ' + text.length + ' ' + text, { headers: { 'x-seen': request.headers.get('x-thing') ?? '' } });
                }
                if (p === '/stream') {
                  let i = 0;
                  return new Response(new ReadableStream({
                    async pull(c) { await sleep(5); if (i < 3) c.enqueue(new TextEncoder().encode('part' + (i++) + ';')); else c.close(); },
                  }));
                }
                if (p === '/big') {
                  const chunk = new Uint8Array(65536).fill(97);
                  let n = 0;
                  return new Response(new ReadableStream({ pull(c) { if (n++ < 64) c.enqueue(chunk); else c.close(); } }));
                }
                if (p === '/wait-for-abort') {
                  return new Promise((resolve) => request.signal.addEventListener('abort', () => {
                    console.log('aborted: ' + request.signal.reason.name);
                    resolve(new Response('too late'));
                  }));
                }
                if (p === '/later') {
                  ctx.waitUntil(sleep(300).then(() => console.log('waitUntil work done')));
                  return new Response('answered first');
                }
                return new Response('not found', { status: 404 });
              },
            };
            """;

    @Test
    void keepAliveAndPipelinedResponsesKeepRequestOrder() throws Exception {
        try (ServedFunction fn = ServedFunction.start(root, "index.mjs", ROUTER, Map.of("WHO", "tester"));
                RawClient client = fn.connect()) {
            // /slow finishes after /fast, yet its response must come first
            client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /fast HTTP/1.1\r\nHost: x\r\n\r\nGET /env HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("slow", client.read().body());
            assertEquals("fast", client.read().body());
            RawClient.Response env = client.read();
            assertEquals("tester true", env.body());
            assertEquals("11", env.header("content-length"));
            assertNull(env.header("connection"));
            client.send("GET /fast HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            RawClient.Response last = client.read();
            assertEquals("close", last.header("connection"));
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void handlerErrorsAre500sAndTheWorkerGoesOn() throws Exception {
        try (ServedFunction fn = ServedFunction.start(root, "index.mjs", ROUTER); RawClient client = fn.connect()) {
            for (String p : new String[] {"/throw", "/reject", "/not-a-response"}) {
                client.send("GET " + p + " HTTP/1.1\r\nHost: x\r\n\r\n");
                assertEquals(500, client.read().status(), p);
            }
            client.send("GET /fast HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("fast", client.read().body(), "the same connection still serves");
            String err = fn.err();
            assertTrue(err.contains("GET http://x/throw: Error: thrown on purpose\n    at "), err);
            assertTrue(err.contains("GET http://x/reject: TypeError: rejected on purpose"), err);
            assertTrue(err.contains("must return a Response"), err);
        }
    }

    @Test
    void requestBodiesWithLengthChunkedAndContinue() throws Exception {
        try (ServedFunction fn = ServedFunction.start(root, "index.mjs", ROUTER); RawClient client = fn.connect()) {
            client.send("POST /echo HTTP/1.1\r\nHost: x\r\nX-Thing: t1\r\nContent-Length: 5\r\n\r\nhello");
            RawClient.Response r = client.read();
            assertEquals("POST 5 hello", r.body());
            assertEquals("t1", r.header("x-seen"));

            client.send("PUT /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n");
            client.send("4;ext=1\r\ndefg\r\n0\r\nTrailer: x\r\n\r\n");
            assertEquals("PUT 7 abcdefg", client.read().body());

            client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
            assertEquals(100, client.read().status(), "the handler reads the body, so the client is told to send it");
            client.send("xyz");
            assertEquals("POST 3 xyz", client.read().body());
        }
    }

    @Test
    void streamedResponsesAreChunkedAndLargeOnesArriveWhole() throws Exception {
        try (ServedFunction fn = ServedFunction.start(root, "index.mjs", ROUTER); RawClient client = fn.connect()) {
            client.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Response r = client.read();
            assertEquals("chunked", r.header("transfer-encoding"));
            assertEquals("part0;part1;part2;", r.body());

            client.send("GET /big HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Response big = client.read();
            assertEquals(64 * 65536, big.body().length());
            assertTrue(big.body().chars().allMatch(c -> c == 'a'));
        }
    }

    @Test
    void headGetsHeadersOnlyAndTheConnectionStaysUsable() throws Exception {
        try (ServedFunction fn = ServedFunction.start(root, "index.mjs", ROUTER); RawClient client = fn.connect()) {
            client.send("HEAD /fast HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Response head = client.read(true);
            assertEquals(200, head.status());
            assertEquals("text/plain;charset=UTF-8", head.header("content-type"));
            assertEquals("4", head.header("content-length"), "the length a GET would get");
            client.send("GET /fast HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("fast", client.read().body());
        }
    }

    @Test
    void malformedAndOversizedRequestsAreRefusedAndClosed() throws Exception {
        try (ServedFunction fn = ServedFunction.start(root, "index.mjs", ROUTER)) {
            try (RawClient client = fn.connect()) {
                client.send("GET / HTTP/1.1\r\nHost: x\r\nBig: " + "v".repeat(RequestParser.MAX_HEAD) + "\r\n\r\n");
                RawClient.Response r = client.read();
                assertEquals(431, r.status());
                assertEquals("close", r.header("connection"));
                assertTrue(client.closedByServer());
            }
            try (RawClient client = fn.connect()) {
                client.send("GET /fast HTTP/1.1\r\nHost: x\r\n\r\nGET /fast HTTP/1.1\r\nHost : x\r\n\r\n");
                assertEquals("fast", client.read().body(), "the good request before the bad one is answered");
                assertEquals(400, client.read().status());
                assertTrue(client.closedByServer());
            }
        }
    }

    @Test
    void aClientThatGoesAwayAbortsTheRequestSignal() throws Exception {
        try (ServedFunction fn = ServedFunction.start(root, "index.mjs", ROUTER)) {
            try (RawClient client = fn.connect()) {
                client.send("GET /wait-for-abort HTTP/1.1\r\nHost: x\r\n\r\n");
                Thread.sleep(100); // the request reaches the handler
            }
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (!fn.out().contains("aborted: AbortError") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals("aborted: AbortError\n", fn.out());
            try (RawClient client = fn.connect()) {
                client.send("GET /fast HTTP/1.1\r\nHost: x\r\n\r\n");
                assertEquals("fast", client.read().body(), "the late response went nowhere; serving goes on");
            }
        }
    }

    @Test
    void theFetchEventFormIsServedFromAScript() throws Exception {
        String script = """
                addEventListener('fetch', (event) => {
                  if (event.request.url.endsWith('/boom')) throw new Error('listener failed');
                  event.respondWith(new Response('from ' + event.type + ' ' + (event instanceof FetchEvent)));
                });
                """;
        try (ServedFunction fn = ServedFunction.start(root, "worker.js", script); RawClient client = fn.connect()) {
            client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("from fetch true", client.read().body());
            client.send("GET /boom HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(500, client.read().status());
            assertTrue(fn.err().contains("listener failed"), fn.err());
        }
    }

    @Test
    void aScriptWithoutHandlerIsNotServed() throws Exception {
        JsRun run = new JsRun(root);
        assertEquals(0, run.exitOf("index.mjs", "export default { notFetch() {} }; console.log('ran');"));
    }

    @Test
    void aGracefulStopFinishesInFlightRequestsAndWaitUntilThenEndsTheLoop() throws Exception {
        try (ServedFunction fn = ServedFunction.start(root, "index.mjs", ROUTER); RawClient client = fn.connect()) {
            client.send("GET /later HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("answered first", client.read().body());
            client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
            Thread.sleep(50); // let the request reach the handler
            fn.stopGracefully();
            RawClient.Response slow = client.read();
            assertEquals("slow", slow.body(), "the in-flight request is answered");
            assertEquals("close", slow.header("connection"));
            assertTrue(client.closedByServer());
            assertEquals(0, fn.awaitExit(20));
            assertTrue(fn.out().contains("waitUntil work done"), "waitUntil work finished before the exit: " + fn.out());
            assertThrows(ConnectException.class, fn::connect, "no longer accepting");
        }
    }

    /** Runs a non-serving function to its end. */
    private record JsRun(Path root) {
        int exitOf(String file, String source) throws IOException, dev.hearth.launcher.js.ScriptLoadException {
            Path entry = java.nio.file.Files.writeString(root.resolve(file), source);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            try (var runtime = new dev.hearth.launcher.js.FunctionRuntime(dev.hearth.launcher.js.Binding.of(root, "/", Map.of(),
                    new dev.hearth.launcher.js.FunctionOutput("stdout", out),
                    new dev.hearth.launcher.js.FunctionOutput("stderr", out)))) {
                runtime.load(entry);
                int code = runtime.run();
                assertEquals("ran\n", out.toString(java.nio.charset.StandardCharsets.UTF_8));
                return code;
            }
        }
    }
}
