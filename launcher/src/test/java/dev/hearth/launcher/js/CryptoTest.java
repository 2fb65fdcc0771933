package dev.hearth.launcher.js;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CryptoTest extends JsTest {

    @Test
    void getRandomValuesFillsIntegerArraysInPlace() throws Exception {
        String out = js.output("""
                const kinds = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, BigInt64Array, BigUint64Array];
                for (const Kind of kinds) {
                  const a = new Kind(64);
                  const same = crypto.getRandomValues(a) === a;
                  // 64 random elements all zero: probability 2^-512
                  console.log(Kind.name, same, a.some((v) => v != 0));
                }
                const buffer = new ArrayBuffer(12);
                const view = new Uint8Array(buffer, 4, 4);
                crypto.getRandomValues(view);
                const all = new Uint8Array(buffer);
                console.log('only the view', all.slice(0, 4).join(), all.slice(8).join());
                console.log(crypto.getRandomValues(new Uint8Array(65536)).length, crypto.getRandomValues(new Uint8Array(0)).length);
                """);
        assertEquals("""
                Int8Array true true
                Uint8Array true true
                Uint8ClampedArray true true
                Int16Array true true
                Uint16Array true true
                Int32Array true true
                Uint32Array true true
                BigInt64Array true true
                BigUint64Array true true
                only the view 0,0,0,0 0,0,0,0
                65536 0
                """, out);
    }

    @Test
    void getRandomValuesRefusals() throws Exception {
        String out = js.output("""
                const show = (f) => { try { f(); console.log('no error'); } catch (e) { console.log(e.constructor.name, e.name, e.code); } };
                show(() => crypto.getRandomValues(new Float32Array(4)));
                show(() => crypto.getRandomValues(new Float64Array(4)));
                show(() => crypto.getRandomValues(new DataView(new ArrayBuffer(4))));
                show(() => crypto.getRandomValues(new Uint8Array(65537)));
                show(() => crypto.getRandomValues(new Uint32Array(16385)));
                show(() => crypto.getRandomValues([1, 2]));
                show(() => crypto.getRandomValues());
                show(() => { const { getRandomValues } = crypto; getRandomValues(new Uint8Array(1)); });
                show(() => new Crypto());
                console.log(crypto instanceof Crypto, crypto.subtle instanceof SubtleCrypto, 'subtle' in crypto);
                """);
        assertEquals("""
                DOMException TypeMismatchError 17
                DOMException TypeMismatchError 17
                DOMException TypeMismatchError 17
                DOMException QuotaExceededError 22
                DOMException QuotaExceededError 22
                TypeError TypeError undefined
                TypeError TypeError undefined
                TypeError TypeError undefined
                TypeError TypeError undefined
                true true true
                """, out);
    }

    @Test
    void randomUuidIsVersion4() throws Exception {
        String out = js.output("""
                const re = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
                const seen = new Set();
                let ok = true;
                for (let i = 0; i < 200; i++) { const u = crypto.randomUUID(); ok = ok && re.test(u); seen.add(u); }
                console.log(ok, seen.size);
                """);
        assertEquals("true 200\n", out);
    }

    @Test
    void hostRefusesCountsOutsideTheQuota() {
        assertEquals(16, CryptoHost.randomBytes(16).length());
        assertThrows(IllegalArgumentException.class, () -> CryptoHost.randomBytes(CryptoHost.MAX_BYTES + 1));
        assertThrows(IllegalArgumentException.class, () -> CryptoHost.randomBytes(-1));
    }
}
