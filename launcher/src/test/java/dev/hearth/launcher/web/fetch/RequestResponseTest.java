package dev.hearth.launcher.web.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Request, Response and the body mixin through the real runtime; expectations checked against Node 20. */
class RequestResponseTest {

    @TempDir
    Path rootfs;

    @Test
    void responseBodyIsReadOnceAndCloneReadsIndependently() throws Exception {
        String out = Js.run(rootfs, """
                const r = new Response('hello', { status: 201, headers: { 'x-y': 'z' } });
                console.log(r.status, r.ok, JSON.stringify([...r.headers]), r.bodyUsed);
                const c = r.clone();
                console.log(await c.text(), await r.text(), r.bodyUsed, c.bodyUsed);
                try { await r.text(); } catch (e) { console.log(e.name); }
                try { r.clone(); } catch (e) { console.log(e.name); }
                """);
        assertEquals("""
                201 true [["content-type","text/plain;charset=UTF-8"],["x-y","z"]] false
                hello hello true true
                TypeError
                TypeError
                """, out);
    }

    @Test
    void requestNormalisesMethodAndReadsJson() throws Exception {
        String out = Js.run(rootfs, """
                const req = new Request('http://example.com/a?b', { method: 'post', body: JSON.stringify({ x: 1 }) });
                console.log(req.method, req.url, JSON.stringify(await req.json()), req.bodyUsed);
                console.log(new Request('http://e.com/', { method: 'patch' }).method);
                for (const m of ['CONNECT', 'trace', 'bad method']) {
                  try { new Request('http://e.com/', { method: m }); } catch (e) { console.log(e.name, m); }
                }
                try { new Request('http://e.com/', { body: 'x' }); } catch (e) { console.log(e.name, 'GET with body'); }
                """);
        assertEquals("""
                POST http://example.com/a?b {"x":1} true
                patch
                TypeError CONNECT
                TypeError trace
                TypeError bad method
                TypeError GET with body
                """, out);
    }

    @Test
    void streamBodyAndStatusRules() throws Exception {
        String out = Js.run(rootfs, """
                const rs = new ReadableStream({ start(c) { c.enqueue(new Uint8Array([104, 105])); c.close(); } });
                console.log(await new Response(rs).text());
                for (const status of [199, 600, 0]) {
                  try { new Response(null, { status }); } catch (e) { console.log(e.name, status); }
                }
                try { new Response('x', { status: 204 }); } catch (e) { console.log(e.name, 204); }
                console.log(new Response(null, { status: 204 }).status);
                """);
        assertEquals("""
                hi
                RangeError 199
                RangeError 600
                RangeError 0
                TypeError 204
                204
                """, out);
    }
}
