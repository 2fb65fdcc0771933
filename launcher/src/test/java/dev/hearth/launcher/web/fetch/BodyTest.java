package dev.hearth.launcher.web.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Body mixins, FormData, Blob and streams; expected lines checked against Node 20. */
class BodyTest {

    @TempDir
    Path rootfs;

    @Test
    void multipartRoundTrip() throws Exception {
        String out = Js.run(rootfs, """
                const fd = new FormData();
                fd.append('a', 'b\\r\\nc');
                fd.append('quote"d', 'é');
                fd.append('f', new Blob([new Uint8Array([0, 255, 13, 10])], { type: 'application/x-bin' }), 'f.bin');
                const res = new Response(fd);
                console.log(res.headers.get('content-type').startsWith('multipart/form-data; boundary='));
                const back = await res.formData();
                for (const [k, v] of back) {
                  console.log(JSON.stringify(k), typeof v === 'string' ? JSON.stringify(v) : v.name + ' ' + v.type + ' ' + [...await v.bytes()]);
                }
                const url = await new Response('x=1&y=%C3%A9+z&x=2', { headers: { 'content-type': 'application/x-www-form-urlencoded' } }).formData();
                console.log(JSON.stringify([...url]));
                try { await new Response('x').formData(); } catch (e) { console.log(e.name); }
                """);
        assertEquals("""
                true
                "a" "b\\r\\nc"
                "quote\\"d" "é"
                "f" f.bin application/x-bin 0,255,13,10
                [["x","1"],["y","é z"],["x","2"]]
                TypeError
                """, out);
    }

    @Test
    void bodyMixinsAndBlobs() throws Exception {
        String out = Js.run(rootfs, """
                const r = new Response(new Uint8Array([0xe2, 0x82, 0xac, 0xff]));
                const [a, b] = [r.clone(), r.clone()];
                console.log(JSON.stringify(await r.text()), (await a.arrayBuffer()).byteLength, [...await b.bytes()].join());
                const blob = await new Response('hello', { headers: { 'content-type': 'Text/Plain' } }).blob();
                console.log(blob.size, blob.type, await blob.slice(1, -1).text(), await blob.slice(-2).text());
                const file = new File(['x'], 'n.txt', { type: 'TEXT/plain', lastModified: 5 });
                console.log(file.name, file.type, file.lastModified, file.size, file instanceof Blob);
                console.log(new Blob(['a'], { type: 'bad\\u00e9' }).type === '', new Blob(['a\\r\\nb'], { endings: 'native' }).size);
                const s = new Response('streamed').body;
                const reader = s.getReader();
                const got = await reader.read();
                console.log(got.done, got.value.constructor.name, (await reader.read()).done);
                try { await new Response(s).text(); } catch (e) { console.log(e.name, 'locked stream'); }
                """);
        assertEquals("""
                "€\uFFFD" 4 226,130,172,255
                5 text/plain ell lo
                n.txt text/plain 5 1 true
                true 3
                false Uint8Array true
                TypeError locked stream
                """, out);
    }

    @Test
    void streamsTeeIterateAndPipe() throws Exception {
        String out = Js.run(rootfs, """
                const src = new ReadableStream({ start(c) { c.enqueue(1); c.enqueue(2); c.close(); } });
                const [x, y] = src.tee();
                const xs = []; for await (const v of x) xs.push(v);
                const ys = []; for await (const v of y) ys.push(v);
                console.log(xs.join(), ys.join(), src.locked);
                const upper = new TransformStream({ transform(chunk, c) { c.enqueue(chunk.toUpperCase()); } });
                const piped = ReadableStream.from(['a', 'b']).pipeThrough(upper);
                const ps = []; for await (const v of piped) ps.push(v);
                console.log(ps.join());
                const written = [];
                await ReadableStream.from(['p', 'q']).pipeTo(new WritableStream({ write(c) { written.push(c); }, close() { written.push('closed'); } }));
                console.log(written.join());
                const failing = new ReadableStream({ pull(c) { c.error(new Error('boom')); } });
                try { for await (const v of failing) {} } catch (e) { console.log(e.message); }
                const cancelled = new ReadableStream({ cancel(reason) { console.log('cancel', reason); } });
                await cancelled.cancel('why');
                const it = ReadableStream.from([1, 2, 3]);
                for await (const v of it) { if (v === 2) break; }
                console.log(it.locked);
                """);
        assertEquals("""
                1,2 1,2 true
                A,B
                p,q,closed
                boom
                cancel why
                false
                """, out);
    }

    @Test
    void multipartNormalisesLineBreaksAndEscapesNamesLikeNode() throws Exception {
        String out = Js.run(rootfs, """
                const fd = new FormData(); fd.append('a\\nb"', 'v\\rw'); fd.append('f', new Blob(['x']), 'n\\n"m');
                const back = await new Response(fd).formData();
                console.log(JSON.stringify([...back].map(([k, v]) => [k, typeof v === 'string' ? v : v.name])));
                """);
        assertEquals("[[\"a\\r\\nb\\\"\",\"v\\r\\nw\"],[\"f\",\"n\\n\\\"m\"]]\n", out);
    }
}
