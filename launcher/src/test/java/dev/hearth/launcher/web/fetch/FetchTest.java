package dev.hearth.launcher.web.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** fetch() against a JDK HttpServer on 127.0.0.1 (no other network). */
class FetchTest {

    @TempDir
    Path rootfs;
    HttpServer server;
    String base;
    /** Released when a test is done with the slow endpoint, so its handler thread ends. */
    final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/echo", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            String text = ex.getRequestMethod() + " " + ex.getRequestURI() + " ct=" + ex.getRequestHeaders().getFirst("content-type")
                    + " x=" + ex.getRequestHeaders().getFirst("x-test") + " te=" + ex.getRequestHeaders().getFirst("transfer-encoding")
                    + " body=" + new String(body, StandardCharsets.UTF_8);
            respond(ex, 200, text);
        });
        server.createContext("/redirect/", ex -> {
            // /redirect/<status>/<count>: count hops, then /echo
            String[] parts = ex.getRequestURI().getPath().split("/");
            int status = Integer.parseInt(parts[2]);
            int count = Integer.parseInt(parts[3]);
            ex.getResponseHeaders().add("Location", count <= 1 ? "/echo?from=" + status : "/redirect/" + status + "/" + (count - 1));
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        server.createContext("/status/", ex -> {
            int status = Integer.parseInt(ex.getRequestURI().getPath().substring("/status/".length()));
            ex.getResponseHeaders().add("Set-Cookie", "a=1");
            ex.getResponseHeaders().add("Set-Cookie", "b=2");
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        server.createContext("/slow", ex -> {
            // a first chunk, then nothing until the test is over
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            out.write("first".getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        server.createContext("/chunks", ex -> {
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 50; i++) {
                    out.write(("chunk" + i + ";").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        });
        server.createContext("/encoded/", ex -> {
            // /encoded/<gzip|deflate|raw-deflate|corrupt>: "hello, " * 1000 compressed that way
            String kind = ex.getRequestURI().getPath().substring("/encoded/".length());
            byte[] plain = "hello, ".repeat(1000).getBytes(StandardCharsets.UTF_8);
            java.io.ByteArrayOutputStream encoded = new java.io.ByteArrayOutputStream();
            try (OutputStream z = switch (kind) {
                case "gzip", "corrupt" -> new java.util.zip.GZIPOutputStream(encoded);
                case "deflate" -> new java.util.zip.DeflaterOutputStream(encoded);
                default -> new java.util.zip.DeflaterOutputStream(encoded, new java.util.zip.Deflater(6, true));
            }) {
                z.write(plain);
            }
            byte[] body = encoded.toByteArray();
            if (kind.equals("corrupt")) body = java.util.Arrays.copyOf(body, body.length / 2);
            ex.getResponseHeaders().add("Content-Encoding", kind.equals("corrupt") ? "gzip" : kind.equals("raw-deflate") ? "deflate" : kind);
            ex.getResponseHeaders().add("X-Accept-Encoding", String.valueOf(ex.getRequestHeaders().getFirst("accept-encoding")));
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < body.length; i += 7) { // small pieces: the gzip header arrives split
                    out.write(body, i, Math.min(7, body.length - i));
                    out.flush();
                }
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void respond(HttpExchange ex, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private String run(String script) throws Exception {
        return Js.run(rootfs, "const base = '" + base + "';\n" + script);
    }

    @Test
    void getAndPostWithHeadersAndBodies() throws Exception {
        String out = run("""
                const r = await fetch(base + '/echo?q=1', { headers: { 'X-Test': 'yes' } });
                console.log(r.status, r.statusText, r.ok, r.url, r.redirected, r.headers.get('content-type'));
                console.log(await r.text());
                const p = await fetch(base + '/echo', { method: 'POST', body: JSON.stringify({ a: 'é' }) });
                console.log(await p.text());
                const bytes = await fetch(base + '/echo', { method: 'PUT', body: new Uint8Array([104, 105]) });
                console.log(await bytes.text());
                // WHATWG keeps { } [ ] | raw in a query; they go out percent-encoded (FetchCall.toUri)
                const odd = await fetch(base + '/echo?f={"a":[1]}|x');
                console.log((await odd.text()).split(' ')[1]);
                """);
        assertEquals("""
                200 OK true %1$s/echo?q=1 false text/plain; charset=utf-8
                GET /echo?q=1 ct=null x=yes te=null body=
                POST /echo ct=text/plain;charset=UTF-8 x=null te=null body={"a":"é"}
                PUT /echo ct=null x=null te=null body=hi
                /echo?f=%%7B%%22a%%22:%%5B1%%5D%%7D%%7Cx
                """.formatted(base), out);
    }

    @Test
    void streamingRequestBodyIsSentChunked() throws Exception {
        String out = run("""
                let n = 0;
                const body = new ReadableStream({
                  async pull(c) { if (n < 3) c.enqueue(await new Blob(['part' + n++]).bytes()); else c.close(); },
                });
                const r = await fetch(base + '/echo', { method: 'POST', body, duplex: 'half' });
                console.log(await r.text());
                try { await fetch(base + '/echo', { method: 'POST', body: new ReadableStream() }); } catch (e) { console.log(e.name); }
                """);
        assertEquals("""
                POST /echo ct=null x=null te=chunked body=part0part1part2
                TypeError
                """, out);
    }

    @Test
    void streamingResponseBodyArrivesInPieces() throws Exception {
        String out = run("""
                const r = await fetch(base + '/chunks');
                let text = '';
                let reads = 0;
                for await (const chunk of r.body) { reads++; text += await new Blob([chunk]).text(); }
                console.log(text.split(';').length - 1, reads > 0, r.bodyUsed);
                """);
        assertEquals("50 true true\n", out);
    }

    @Test
    void redirectModes() throws Exception {
        String out = run("""
                const f = await fetch(base + '/redirect/302/3');
                console.log(f.status, f.redirected, f.url.replace(base, ''), await f.text());
                const post303 = await fetch(base + '/redirect/303/1', { method: 'POST', body: 'x' });
                console.log(await post303.text());
                const put307 = await fetch(base + '/redirect/307/1', { method: 'PUT', body: 'kept' });
                console.log(await put307.text());
                const m = await fetch(base + '/redirect/301/1', { redirect: 'manual' });
                console.log(m.status, m.headers.get('location'), m.redirected);
                try { await fetch(base + '/redirect/302/1', { redirect: 'error' }); } catch (e) { console.log(e.name); }
                try { await fetch(base + '/redirect/302/21'); } catch (e) { console.log(e.name, /too many redirects/.test(e.message)); }
                """);
        assertEquals("""
                200 true /echo?from=302 GET /echo?from=302 ct=null x=null te=null body=
                GET /echo?from=303 ct=null x=null te=null body=
                PUT /echo?from=307 ct=text/plain;charset=UTF-8 x=null te=null body=kept
                301 /echo?from=301 false
                TypeError
                TypeError true
                """, out);
    }

    @Test
    void nullBodyStatusesAndSetCookie() throws Exception {
        String out = run("""
                const r = await fetch(base + '/status/204');
                console.log(r.status, r.body, r.headers.getSetCookie().join('|'));
                const h = await fetch(base + '/status/404', { method: 'HEAD' });
                console.log(h.status, h.ok, h.body);
                try { r.headers.set('x', 'y'); } catch (e) { console.log(e.name); }
                """);
        assertEquals("""
                204 null a=1|b=2
                404 false null
                TypeError
                """, out);
    }

    @Test
    void abortBeforeTheHeadAndInTheMiddleOfTheBody() throws Exception {
        // AbortController comes from abort.js, which another change adds.
        assumeTrue(run("console.log(typeof AbortController);").equals("function\n"), "no AbortController yet");
        String out = run("""
                const early = new AbortController();
                early.abort();
                try { await fetch(base + '/echo', { signal: early.signal }); } catch (e) { console.log('early', e.name); }
                const c = new AbortController();
                const r = await fetch(base + '/slow', { signal: c.signal });
                const reader = r.body.getReader();
                const first = await reader.read();
                console.log(await new Blob([first.value]).text());
                const next = reader.read();
                c.abort();
                try { await next; } catch (e) { console.log('mid-body', e.name); }
                const why = new AbortController();
                const p = fetch(base + '/slow', { signal: why.signal });
                why.abort(new Error('mine'));
                try { await p; } catch (e) { console.log('reason', e.message); }
                """);
        assertEquals("""
                early AbortError
                first
                mid-body AbortError
                reason mine
                """, out);
    }

    @Test
    void failuresAreTypeErrors() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String out = run("""
                try { await fetch('http://127.0.0.1:%d/'); } catch (e) { console.log(e.name, e.message.startsWith('fetch failed')); }
                try { await fetch('ftp://127.0.0.1/x'); } catch (e) { console.log(e.name); }
                try { await fetch('not a url'); } catch (e) { console.log(e.name); }
                """.formatted(closedPort));
        assertEquals("TypeError true\nTypeError\nTypeError\n", out);
    }

    @Test
    void dataUrls() throws Exception {
        String out = run("""
                const a = await fetch('data:,Hello%2C%20World!');
                console.log(a.status, a.headers.get('content-type'), await a.text());
                const b = await fetch('data:text/plain;base64,SGVsbG8=');
                console.log(b.headers.get('content-type'), await b.text());
                const c = await fetch('data:application/json;charset=utf-8,%7B%22a%22%3A1%7D');
                console.log(c.headers.get('content-type'), JSON.stringify(await c.json()));
                try { await fetch('data:;base64,%%%'); } catch (e) { console.log(e.name); }
                """);
        assertEquals("""
                200 text/plain;charset=US-ASCII Hello, World!
                text/plain Hello
                application/json;charset=utf-8 {"a":1}
                TypeError
                """, out);
    }

    @Test
    @Timeout(60)
    void cloneReadsBothAndAnUnreadBodyDoesNotKeepTheFunctionAlive() throws Exception {
        String out = run("""
                const r = await fetch(new Request(base + '/chunks', { headers: { 'x-test': 'req' } }));
                const c = r.clone();
                const [a, b] = await Promise.all([r.text(), c.text()]);
                console.log(a === b, a.length, r.bodyUsed, c.bodyUsed);
                const unread = await fetch(base + '/slow');
                console.log(unread.status, 'not reading the body');
                """);
        assertEquals("true 390 true true\n200 not reading the body\n", out);
    }

    @Test
    void gzipAndDeflateBodiesAreDecodedAsInNode() throws Exception {
        String out = run("""
                for (const kind of ['gzip', 'deflate', 'raw-deflate']) {
                  const r = await fetch(base + '/encoded/' + kind);
                  const text = await r.text();
                  console.log(kind, r.headers.get('x-accept-encoding'), text === 'hello, '.repeat(1000));
                }
                const own = await fetch(base + '/encoded/gzip', { headers: { 'accept-encoding': 'gzip' } });
                console.log(own.headers.get('x-accept-encoding'), (await own.text()).length);
                try { await (await fetch(base + '/encoded/corrupt')).text(); } catch (e) { console.log(e.name, /ended before/.test(e.message)); }
                """);
        assertEquals("""
                gzip gzip, deflate true
                deflate gzip, deflate true
                raw-deflate gzip, deflate true
                gzip 7000
                TypeError true
                """, out);
    }
}
