package dev.hearth.launcher.web.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ReadableStream, WritableStream and TransformStream against the Streams standard: pull and
 * backpressure, desiredSize, closing and erroring, releaseLock with a pending read, tee (cancel
 * reasons, errors), writer backpressure and abort, pipeTo options and failures, transform flush
 * and terminate, async iteration. Expected: Node 20's output for the same script, except where
 * Node departs from the standard (a write after close rejects with a TypeError; the iterator's
 * class string is "ReadableStream AsyncIterator").
 */
class StreamsTest {

    @TempDir
    Path rootfs;

    @Test
    void streamsFollowTheStandard() throws Exception {
        String out = Js.run(rootfs, """
                const log = (...a) => console.log(...a);
                // pull and backpressure
                {
                  let pulls = 0;
                  const s = new ReadableStream({ pull(c) { pulls++; c.enqueue(pulls); if (pulls === 5) c.close(); } }, { highWaterMark: 2 });
                  await null; await null; await null;
                  log('pulls before read', pulls);
                  const r = s.getReader();
                  log(JSON.stringify(await r.read()), pulls);
                  const all = []; let x; while (!(x = await r.read()).done) all.push(x.value);
                  log(all.join(), pulls, JSON.stringify(await r.read()));
                  await r.closed; log('closed resolved');
                }
                // desiredSize, enqueue after close, close twice
                {
                  let ctl;
                  const s = new ReadableStream({ start(c) { ctl = c; } }, { highWaterMark: 3 });
                  log(ctl.desiredSize); ctl.enqueue('a'); log(ctl.desiredSize); ctl.close();
                  try { ctl.enqueue('b'); } catch (e) { log(e.name); }
                  try { ctl.close(); } catch (e) { log(e.name); }
                  const r = s.getReader(); log(JSON.stringify(await r.read()), JSON.stringify(await r.read()), ctl.desiredSize);
                }
                // error, releaseLock with pending read
                {
                  let ctl;
                  const s = new ReadableStream({ start(c) { ctl = c; } });
                  const r = s.getReader();
                  const p = r.read();
                  r.releaseLock();
                  try { await p; } catch (e) { log('pending read after release', e.name); }
                  try { await r.closed; } catch (e) { log('closed after release', e.name); }
                  log(s.locked);
                  const r2 = s.getReader();
                  ctl.error(new Error('E'));
                  try { await r2.read(); } catch (e) { log('read after error', e.message); }
                  try { await s.cancel(); } catch (e) { log('cancel locked', e.name); }
                  r2.releaseLock();
                  try { await s.cancel(); } catch (e) { log('cancel errored', e.message); }
                  try { s.getReader(); log('getReader on errored ok'); } catch (e) { log(e.name); }
                }
                // tee: cancel both branches -> source cancel with both reasons
                {
                  const s = new ReadableStream({ cancel(r) { log('source cancel', JSON.stringify(r)); } });
                  const [a, b] = s.tee();
                  const pa = a.cancel('ra');
                  log('after first cancel');
                  await b.cancel('rb'); await pa;
                }
                // tee error
                {
                  let ctl;
                  const s = new ReadableStream({ start(c) { ctl = c; } });
                  const [a, b] = s.tee();
                  ctl.enqueue(1);
                  ctl.error(new Error('T'));
                  const ra = a.getReader();
                  try { log(JSON.stringify(await ra.read())); await ra.read(); } catch (e) { log('tee a', e.message); }
                  try { await b.getReader().read(); } catch (e) { log('tee b', e.message); }
                }
                // writable backpressure
                {
                  const written = [];
                  let resolveWrite;
                  const ws = new WritableStream({ write(c) { written.push(c); return new Promise((r) => { resolveWrite = r; }); }, close() { written.push('close'); } }, { highWaterMark: 2 });
                  const w = ws.getWriter();
                  log('ws desired', w.desiredSize);
                  const p1 = w.write('a'); const p2 = w.write('b'); const p3 = w.write('c');
                  log('after 3 writes', w.desiredSize);
                  await null; await null;
                  log(written.join());
                  resolveWrite(); await p1; resolveWrite && resolveWrite();
                  await null; await null; await null;
                  resolveWrite(); await p2; resolveWrite(); await p3;
                  await w.close(); log(written.join(), w.desiredSize);
                  try { await w.write('d'); } catch (e) { log('write after close', e.name); }
                }
                // writable abort & error
                {
                  const ws = new WritableStream({ abort(r) { log('sink abort', r); } });
                  const w = ws.getWriter();
                  await w.abort('why');
                  try { await w.closed; } catch (e) { log('closed after abort', e); }
                  const ws2 = new WritableStream({ write() { throw new Error('W'); } });
                  const w2 = ws2.getWriter();
                  try { await w2.write(1); } catch (e) { log('write threw', e.message); }
                  try { await w2.ready; } catch (e) { log('ready', e.message); }
                }
                // pipeTo variants
                {
                  const out = [];
                  const dest = new WritableStream({ write(c) { out.push(c); }, close() { out.push('closed'); }, abort(r) { out.push('abort:' + r.message); } });
                  await ReadableStream.from([1, 2]).pipeTo(dest, { preventClose: true });
                  log(out.join(), dest.locked);
                  const bad = new ReadableStream({ start(c) { c.enqueue(3); c.error(new Error('src')); } });
                  try { await bad.pipeTo(dest); } catch (e) { log('pipe rejected', e.message); }
                  log(out.join());
                  const failing = new WritableStream({ write() { throw new Error('dst'); } });
                  let cancelled;
                  const src = new ReadableStream({ pull(c) { c.enqueue(1); }, cancel(r) { cancelled = r.message; } });
                  try { await src.pipeTo(failing); } catch (e) { log('pipe dst failure', e.message, cancelled); }
                }
                // transform flush and terminate
                {
                  const ts = new TransformStream({ transform(c, ctl) { ctl.enqueue(c * 2); if (c === 3) ctl.terminate(); }, flush(ctl) { ctl.enqueue('flushed'); } });
                  const w = ts.writable.getWriter();
                  w.write(1); w.write(2); const p = w.write(3);
                  const got = []; for await (const v of ts.readable) got.push(v);
                  log(got.join());
                  try { await w.write(4); } catch (e) { log('after terminate', e.name); }
                  const ts2 = new TransformStream({ flush(ctl) { ctl.enqueue('F'); } });
                  const w2 = ts2.writable.getWriter(); w2.write('x'); w2.close();
                  const got2 = []; for await (const v of ts2.readable) got2.push(v);
                  log(got2.join());
                }
                // async iterator preventCancel, return
                {
                  let cancels = 0;
                  const s = new ReadableStream({ pull(c) { c.enqueue(1); }, cancel() { cancels++; } });
                  for await (const v of s.values({ preventCancel: true })) break;
                  log('preventCancel', cancels, s.locked);
                  for await (const v of s) break;
                  log('cancel', cancels);
                  log(Object.prototype.toString.call(s.values()), typeof ReadableStream.prototype[Symbol.asyncIterator]);
                }
                log(String(new ReadableStream()), String(new ReadableStream().getReader()), new CountQueuingStrategy({ highWaterMark: 4 }).highWaterMark, new ByteLengthQueuingStrategy({ highWaterMark: 8 }).size(new Uint8Array(3)));
                try { new ReadableStream({ type: 'other' }); } catch (e) { log(e.name); }
                try { new ReadableStream({}, { highWaterMark: -1 }); } catch (e) { log(e.name); }
                """);
        assertEquals("""
                pulls before read 2
                {"value":1,"done":false} 3
                2,3,4,5 5 {"done":true}
                closed resolved
                3
                2
                TypeError
                TypeError
                {"value":"a","done":false} {"done":true} 0
                pending read after release TypeError
                closed after release TypeError
                false
                read after error E
                cancel locked TypeError
                cancel errored E
                getReader on errored ok
                after first cancel
                source cancel ["ra","rb"]
                tee a T
                tee b T
                ws desired 2
                after 3 writes -1
                a
                a,b,c,close 0
                write after close TypeError
                sink abort why
                closed after abort why
                write threw W
                ready W
                1,2 false
                pipe rejected src
                1,2,abort:src
                pipe dst failure dst dst
                2,4,6
                after terminate TypeError
                x,F
                preventCancel 0 false
                cancel 1
                [object ReadableStream AsyncIterator] function
                [object ReadableStream] [object ReadableStreamDefaultReader] 4 3
                TypeError
                RangeError
                """, out);
    }

    @Test
    void pipeToStopsWhenItsSignalAborts() throws Exception {
        // AbortController comes from abort.js, which another change adds.
        assumeTrue(Js.run(rootfs, "console.log(typeof AbortController);").equals("function\n"), "no AbortController yet");
        String out = Js.run(rootfs, """
                const ac = new AbortController();
                const slow = new ReadableStream({ pull(c) { return new Promise(() => {}); }, cancel(r) { console.log('cancel on abort', r.name); } });
                const written = new WritableStream({ abort(r) { console.log('abort on abort', r.name); } });
                const pp = slow.pipeTo(written, { signal: ac.signal });
                ac.abort();
                try { await pp; } catch (e) { console.log('pipe abort', e.name); }
                """);
        assertEquals("abort on abort AbortError\ncancel on abort AbortError\npipe abort AbortError\n", out);
    }

    @Test
    void byobReadersFillTheCallersViewFromByteStreams() throws Exception {
        // Node 20's output for the same script.
        String out = Js.run(rootfs, """
                const log = console.log;
                const s = new ReadableStream({ type: 'bytes', start(c) { c.enqueue(new Uint8Array([1, 2, 3, 4, 5])); c.enqueue(new Uint8Array([6, 7])); c.close(); } });
                const r = s.getReader({ mode: 'byob' });
                let buf = new Uint8Array(3);
                let res = await r.read(buf);
                log(buf.byteLength, [...res.value], res.done, res.value.buffer.byteLength);
                res = await r.read(new Uint8Array(res.value.buffer));
                log([...res.value], res.done);
                res = await r.read(new Uint8Array(8));
                log([...res.value], res.done);
                res = await r.read(new Uint8Array(8));
                log(res.value.byteLength, res.done, res.value.constructor.name);
                let n = 0;
                const pulled = new ReadableStream({ type: 'bytes', pull(c) { n++; c.enqueue(new Uint8Array([n, n])); if (n === 3) c.close(); } });
                const pr = pulled.getReader({ mode: 'byob' });
                res = await pr.read(new Uint16Array(2), { min: 2 });
                log(res.value.constructor.name, res.value.length, res.done, n);
                try { new ReadableStream().getReader({ mode: 'byob' }); } catch (e) { log(e.name); }
                try { await pr.read(new Uint8Array(0)); } catch (e) { log(e.name); }
                const body = new Response('hello').body;
                const br = body.getReader({ mode: 'byob' });
                res = await br.read(new Uint8Array(2));
                log(String.fromCharCode(...res.value));
                log(Object.prototype.toString.call(pr), typeof ReadableByteStreamController);
                const [t1, t2] = new Response('tee').body.tee();
                const t1r = t1.getReader({ mode: 'byob' });
                log(String.fromCharCode(...(await t1r.read(new Uint8Array(10))).value), await new Response(t2).text());
                """);
        assertEquals("""
                0 [ 1, 2, 3 ] false 3
                [ 4, 5, 6 ] false
                [ 7 ] false
                0 true Uint8Array
                Uint16Array 2 false 2
                TypeError
                TypeError
                he
                [object ReadableStreamBYOBReader] function
                tee tee
                """, out);
    }
}
