package dev.hearth.launcher.js;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StructuredCloneTest {

    @TempDir
    Path rootfs;
    JsFixture js;

    @BeforeEach
    void setUp() {
        js = new JsFixture(rootfs);
    }

    @Test
    void clonesValuesKeepingSharedAndCircularReferences() throws Exception {
        String out = js.output("""
                const shared = { s: 1 };
                const o = { d: new Date(0), r: /x/gi, m: new Map([[1, shared]]), set: new Set([shared]),
                  n: new Number(3), str: new String('w'), big: 5n, u: undefined, nul: null, nested: { shared } };
                o.self = o;
                const c = structuredClone(o);
                console.log(c !== o, c.self === c, c.nested.shared === c.m.get(1), c.set.has(c.nested.shared), c.nested.shared !== shared);
                console.log(c.d instanceof Date && c.d.getTime() === 0, String(c.r), c.r !== o.r, typeof c.n, c.n + 0, String(c.str), c.big, 'u' in c, c.nul);
                const arr = [1, , 3]; arr.extra = 'e';
                const ca = structuredClone(arr);
                console.log(Array.isArray(ca), ca.length, 1 in ca, ca.extra);
                class Point { constructor() { this.x = 1; } get y() { return 2; } }
                const p = structuredClone(new Point());
                console.log(p.constructor === Object, JSON.stringify(p));
                const withGetter = {}; Object.defineProperty(withGetter, 'g', { get: () => 'got', enumerable: true });
                withGetter[Symbol('s')] = 1; Object.defineProperty(withGetter, 'hidden', { value: 1 });
                console.log(JSON.stringify(structuredClone(withGetter)), Object.getOwnPropertySymbols(structuredClone(withGetter)).length);
                console.log(structuredClone('s'), structuredClone(1.5), structuredClone(null), structuredClone(undefined));
                """);
        assertEquals("""
                true true true true true
                true /x/gi true object 3 w 5n true null
                true 3 false e
                true {"x":1}
                {"g":"got"} 0
                s 1.5 null undefined
                """, out);
    }

    @Test
    void buffersViewsAndTransfer() throws Exception {
        String out = js.output("""
                const buf = new ArrayBuffer(8);
                const u = new Uint8Array(buf, 2, 4); u[0] = 7;
                const c = structuredClone({ u, buf, dv: new DataView(buf, 1) });
                console.log(c.u.buffer === c.buf, c.u.byteOffset, c.u.length, c.u[0], c.dv.buffer === c.buf, c.dv.byteOffset, c.buf !== buf);
                const moved = new ArrayBuffer(4); new Uint8Array(moved)[3] = 9;
                const view = new Uint8Array(moved);
                const t = structuredClone({ view }, { transfer: [moved] });
                console.log(moved.byteLength, moved.detached, t.view.buffer.byteLength, t.view[3]);
                const show = (f) => { try { f(); console.log('no error'); } catch (e) { console.log(e.constructor.name, e.name); } };
                const b2 = new ArrayBuffer(1);
                show(() => structuredClone(1, { transfer: [b2, b2] }));
                show(() => structuredClone(1, { transfer: [{}] }));
                show(() => structuredClone(1, { transfer: [moved] }));
                show(() => structuredClone(moved));
                show(() => structuredClone(1, { transfer: [1] }));
                show(() => structuredClone({ f() {} }, { transfer: [b2] }));
                console.log('failed clone detaches nothing', b2.byteLength);
                """);
        assertEquals("""
                true 2 4 7 true 1 true
                0 true 4 9
                DOMException DataCloneError
                DOMException DataCloneError
                DOMException DataCloneError
                DOMException DataCloneError
                TypeError TypeError
                DOMException DataCloneError
                failed clone detaches nothing 1
                """, out);
    }

    @Test
    void blobsAndFilesKeepTheirBytesAndMetadata() throws Exception {
        int code = js.run("main.mjs", """
                const blob = new Blob(['hello ', 'blob'], { type: 'text/plain' });
                const file = new File(['file body'], 'a.txt', { type: 'text/x-a', lastModified: 42 });
                const c = structuredClone({ blob, file, again: blob });
                console.log(c.blob instanceof Blob, c.blob !== blob, c.again === c.blob, c.blob.type, await c.blob.text());
                console.log(c.file instanceof File, c.file.name, c.file.type, c.file.lastModified, await c.file.text());
                """);
        assertEquals(0, code, js.err());
        assertEquals("true true true text/plain hello blob\ntrue a.txt text/x-a 42 file body\n", js.out());
    }

    @Test
    void errorsAndRefusals() throws Exception {
        String out = js.output("""
                const e = new RangeError('r', { cause: { why: 1 } }); e.extra = 1;
                const c = structuredClone(e);
                console.log(c instanceof RangeError, c.message, c.cause.why, c.extra, c.stack === e.stack);
                const custom = new TypeError('t'); custom.name = 'Custom';
                console.log(structuredClone(custom).name, structuredClone(new Error()).hasOwnProperty('message'));
                const d = structuredClone(new DOMException('m', 'AbortError'));
                console.log(d instanceof DOMException, d.name, d.message, d.code);
                const show = (f) => { try { f(); console.log('no error'); } catch (e) { console.log(e.constructor.name, e.name, e.message); } };
                show(() => structuredClone(() => {}));
                show(() => structuredClone(Symbol('x')));
                show(() => structuredClone({ w: new WeakMap() }));
                show(() => structuredClone(Promise.resolve()));
                show(() => structuredClone(new EventTarget()));
                show(() => structuredClone(new Event('x')));
                show(() => structuredClone(new AbortController().signal));
                show(() => structuredClone());
                show(() => structuredClone(1, 5));
                """);
        assertEquals("""
                true r 1 undefined true
                Error false
                true AbortError m 20
                DOMException DataCloneError () => {} could not be cloned.
                DOMException DataCloneError Symbol(x) could not be cloned.
                DOMException DataCloneError #<WeakMap> could not be cloned.
                DOMException DataCloneError #<Promise> could not be cloned.
                DOMException DataCloneError #<EventTarget> could not be cloned.
                DOMException DataCloneError #<Event> could not be cloned.
                DOMException DataCloneError #<AbortSignal> could not be cloned.
                TypeError TypeError structuredClone: the 'value' argument is required
                TypeError TypeError structuredClone: the options must be an object
                """, out);
    }
}
