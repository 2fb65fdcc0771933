package dev.hearth.launcher.js;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** crypto.subtle against published test vectors (FIPS 180, RFC 4231, RFC 6070/7914, RFC 5869, NIST GCM/CBC). */
class SubtleCryptoTest extends JsTest {

    /** Hex and bytes conversions, and show(): what an async call gave or which error it threw. */
    static final String HELPERS = """
            const hex = (buffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
            const bytes = (h) => new Uint8Array(h.match(/../g).map((x) => parseInt(x, 16)));
            const text = (s) => new TextEncoder().encode(s);
            const show = async (f) => { try { console.log('ok', await f()); } catch (e) { console.log(e.name + ':', e.message); } };
            """;

    /** Runs {@code code} as a module after {@link #HELPERS}; its stdout. */
    static String runWithHelpers(JsFixture js, String code) throws Exception {
        return js.output("export {};\n" + HELPERS + code);
    }

    private String run(String code) throws Exception {
        return runWithHelpers(js, code);
    }

    @Test
    void digestsMatchFips180() throws Exception {
        String out = run("""
                for (const name of ['SHA-1', 'sha-256', { name: 'SHA-384' }, 'SHA-512']) {
                  console.log(hex(await crypto.subtle.digest(name, text('abc'))));
                }
                console.log(hex(await crypto.subtle.digest('SHA-256', new DataView(text('xabcx').buffer, 1, 3))));
                """);
        assertEquals("""
                a9993e364706816aba3e25717850c26c9cd0d89d
                ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
                cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7
                ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f
                ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
                """, out);
    }

    @Test
    void hmacSignsAndVerifiesAsRfc4231() throws Exception {
        String out = run("""
                const key = await crypto.subtle.importKey('raw', text('Jefe'), { name: 'HMAC', hash: 'SHA-256' }, true, ['sign', 'verify']);
                console.log(key.type, key.extractable, JSON.stringify(key.algorithm), key.usages.join(), String(key));
                const data = text('what do ya want for nothing?');
                const signature = await crypto.subtle.sign('HMAC', key, data);
                console.log(hex(signature));
                console.log(await crypto.subtle.verify('HMAC', key, signature, data), await crypto.subtle.verify('HMAC', key, signature, text('other')));
                const jwk = await crypto.subtle.exportKey('jwk', key);
                console.log(JSON.stringify(jwk));
                const back = await crypto.subtle.importKey('jwk', jwk, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
                console.log(await crypto.subtle.verify('HMAC', back, signature, data));
                const generated = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-512' }, true, ['sign']);
                console.log(generated.algorithm.length, (await crypto.subtle.exportKey('raw', generated)).byteLength);
                """);
        assertEquals("""
                secret true {"name":"HMAC","hash":{"name":"SHA-256"},"length":32} sign,verify [object CryptoKey]
                5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843
                true false
                {"kty":"oct","k":"SmVmZQ","alg":"HS256","key_ops":["sign","verify"],"ext":true}
                true
                1024 128
                """, out);
    }

    @Test
    void aesGcmAndCbcMatchNistVectorsAndRefuseTamperedData() throws Exception {
        String out = run("""
                const zero = await crypto.subtle.importKey('raw', new Uint8Array(16), 'AES-GCM', true, ['encrypt', 'decrypt']);
                console.log(hex(await crypto.subtle.encrypt({ name: 'AES-GCM', iv: new Uint8Array(12) }, zero, new Uint8Array(0))));
                const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: new Uint8Array(12) }, zero, new Uint8Array(16));
                console.log(hex(sealed));
                console.log(hex(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: new Uint8Array(12) }, zero, sealed)));
                const tampered = new Uint8Array(sealed); tampered[0] ^= 1;
                await show(() => crypto.subtle.decrypt({ name: 'AES-GCM', iv: new Uint8Array(12) }, zero, tampered));
                const aad = { name: 'AES-GCM', iv: text('twelve bytes'), additionalData: text('header'), tagLength: 96 };
                const withAad = await crypto.subtle.encrypt(aad, zero, text('hello'));
                console.log(withAad.byteLength, new TextDecoder().decode(await crypto.subtle.decrypt(aad, zero, withAad)));
                await show(() => crypto.subtle.decrypt({ ...aad, additionalData: text('other') }, zero, withAad));
                const cbcKey = await crypto.subtle.importKey('raw', bytes('2b7e151628aed2a6abf7158809cf4f3c'), { name: 'AES-CBC' }, false, ['encrypt', 'decrypt']);
                const cbcIv = bytes('000102030405060708090a0b0c0d0e0f');
                const cbc = await crypto.subtle.encrypt({ name: 'AES-CBC', iv: cbcIv }, cbcKey, bytes('6bc1bee22e409f96e93d7e117393172a'));
                console.log(cbc.byteLength, hex(cbc).slice(0, 32));
                console.log(hex(await crypto.subtle.decrypt({ name: 'AES-CBC', iv: cbcIv }, cbcKey, cbc)));
                const generated = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt']);
                console.log(JSON.stringify(generated.algorithm), JSON.stringify(Object.keys(await crypto.subtle.exportKey('jwk', generated))),
                    (await crypto.subtle.exportKey('jwk', generated)).alg);
                """);
        assertEquals("""
                58e2fccefa7e3061367f1d57a4e7455a
                0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf
                00000000000000000000000000000000
                OperationError: the data does not authenticate (wrong key, iv, additionalData or tag)
                17 hello
                OperationError: the data does not authenticate (wrong key, iv, additionalData or tag)
                32 7649abac8119b246cee98e9b12e9197d
                6bc1bee22e409f96e93d7e117393172a
                {"name":"AES-GCM","length":256} ["kty","k","alg","key_ops","ext"] A256GCM
                """, out);
    }

    @Test
    void pbkdf2AndHkdfMatchTheirRfcs() throws Exception {
        String out = run("""
                const password = await crypto.subtle.importKey('raw', text('password'), 'PBKDF2', false, ['deriveBits', 'deriveKey']);
                console.log(hex(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-1', salt: text('salt'), iterations: 2 }, password, 160)));
                console.log(hex(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: text('salt'), iterations: 1 }, password, 256)));
                const ikm = await crypto.subtle.importKey('raw', new Uint8Array(22).fill(0x0b), 'HKDF', false, ['deriveBits', 'deriveKey']);
                const hkdf = { name: 'HKDF', hash: 'SHA-256', salt: bytes('000102030405060708090a0b0c'), info: bytes('f0f1f2f3f4f5f6f7f8f9') };
                console.log(hex(await crypto.subtle.deriveBits(hkdf, ikm, 336)));
                const derived = await crypto.subtle.deriveKey(hkdf, ikm, { name: 'AES-GCM', length: 128 }, true, ['encrypt']);
                console.log(hex(await crypto.subtle.exportKey('raw', derived)));
                const hmac = await crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt: text('salt'), iterations: 1 }, password,
                    { name: 'HMAC', hash: 'SHA-256', length: 256 }, true, ['sign']);
                console.log(hex(await crypto.subtle.exportKey('raw', hmac)));
                """);
        assertEquals("""
                ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957
                120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b
                3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865
                3cb25f25faacd57a90434f64d0362f2a
                120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b
                """, out);
    }

    @Test
    void misuseIsRefusedWithTheSpecsErrors() throws Exception {
        String out = run("""
                const hmac = await crypto.subtle.importKey('raw', text('k'), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
                await show(() => crypto.subtle.digest('MD5', text('x')));
                await show(() => crypto.subtle.importKey('spki', new Uint8Array(4), { name: 'X448' }, true, []));
                await show(() => crypto.subtle.verify('HMAC', hmac, new Uint8Array(32), text('x')));
                await show(() => crypto.subtle.exportKey('raw', hmac));
                await show(() => crypto.subtle.importKey('raw', new Uint8Array(15), 'AES-GCM', true, ['encrypt']));
                await show(() => crypto.subtle.importKey('raw', new Uint8Array(16), 'AES-GCM', true, ['sign']));
                await show(() => crypto.subtle.importKey('raw', new Uint8Array(16), 'AES-GCM', true, []));
                await show(() => crypto.subtle.importKey('raw', text('pw'), 'PBKDF2', true, ['deriveBits']));
                await show(() => crypto.subtle.sign('HMAC', hmac, 'not bytes'));
                await show(() => crypto.subtle.digest('SHA-256'));
                await show(() => crypto.subtle.importKey('jwk', { kty: 'oct', k: 'AAAAAAAAAAAAAAAAAAAAAA', alg: 'A256GCM' }, 'AES-GCM', true, ['encrypt']));
                await show(() => SubtleCrypto.prototype.digest.call({}, 'SHA-256', text('x')));
                try { new CryptoKey(); } catch (e) { console.log(e.name + ':', e.message); }
                console.log(crypto.subtle === crypto.subtle, String(crypto.subtle), typeof SubtleCrypto);
                """);
        assertEquals("""
                NotSupportedError: digest: unrecognized algorithm "MD5"
                NotSupportedError: importKey: X448 is not supported by hearth (only HMAC, AES-GCM, AES-CBC, AES-CTR, AES-KW, PBKDF2, HKDF, RSASSA-PKCS1-v1_5, RSA-PSS, RSA-OAEP, ECDSA, ECDH, Ed25519, X25519)
                InvalidAccessError: verify: the key's usages do not include verify
                InvalidAccessError: exportKey: the key is not extractable
                DataError: importKey: an AES key is 128, 192 or 256 bits, not 120
                SyntaxError: importKey: a key of this algorithm cannot be used to sign
                SyntaxError: importKey: a secret key needs at least one usage
                SyntaxError: importKey: PBKDF2 keys cannot be extractable
                TypeError: data must be an ArrayBuffer or an ArrayBufferView, got string
                TypeError: SubtleCrypto.digest: 2 arguments required, but only 1 present
                DataError: importKey: the JWK's alg is "A256GCM", expected A128GCM
                TypeError: SubtleCrypto.prototype.digest called on an object that is not a SubtleCrypto
                TypeError: Illegal constructor
                true [object SubtleCrypto] function
                """, out);
    }

    @Test
    void algorithmParametersAreCheckedFirstAndInTheSpecsOrder() throws Exception {
        String out = run("""
                const kw = await crypto.subtle.importKey('raw', new Uint8Array(16), 'AES-KW', false, ['unwrapKey']);
                const ctr = await crypto.subtle.importKey('raw', new Uint8Array(16), 'AES-CTR', false, ['encrypt']);
                const ecdh = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
                // a hash that does not normalize fails before the usages are looked at
                await show(() => crypto.subtle.generateKey({ name: 'HMAC', hash: 'MD5' }, true, ['decrypt']));
                // [EnforceRange] integers: a TypeError before anything else
                await show(() => crypto.subtle.generateKey({ name: 'AES-KW', length: 2 ** 32 + 128 }, true, ['encrypt']));
                await show(() => crypto.subtle.encrypt({ name: 'AES-CTR', counter: new Uint8Array(16), length: 256 }, ctr, new Uint8Array(1)));
                // a bad length is found before empty usages
                await show(() => crypto.subtle.generateKey({ name: 'AES-CTR', length: 64 }, true, []));
                await show(() => crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, []));
                // the usages a format's kind of key can have are checked before its data is read
                await show(() => crypto.subtle.importKey('raw', new Uint8Array(65), { name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']));
                await show(() => crypto.subtle.importKey('raw', new Uint8Array(3), { name: 'RSA-OAEP', hash: 'SHA-1' }, true, ['encrypt']));
                await show(() => crypto.subtle.unwrapKey('raw', new Uint8Array(24), kw, 'AES-KW', 'FOO', true, ['encrypt']));
                await show(() => crypto.subtle.deriveBits({ name: 'ECDH', public: 'x' }, ecdh.privateKey, 256));
                await show(() => crypto.subtle.importKey('pem', new Uint8Array(3), 'AES-GCM', true, ['encrypt']));
                """);
        assertEquals("""
                NotSupportedError: generateKey: unrecognized algorithm "MD5"
                TypeError: generateKey: length must be an integer from 0 to 65535, not 4294967424
                TypeError: encrypt: length must be an integer from 0 to 255, not 256
                OperationError: generateKey: an AES key is 128, 192 or 256 bits, not 64
                SyntaxError: generateKey: the private key needs a usage (deriveKey or deriveBits)
                SyntaxError: importKey: a public ECDH key cannot be used to deriveBits
                NotSupportedError: importKey: key format "raw" is not supported for RSA-OAEP
                NotSupportedError: unwrapKey: unrecognized algorithm "FOO"
                TypeError: deriveBits: public must be a CryptoKey, got string
                TypeError: importKey: "pem" is not a key format (raw, spki, pkcs8, jwk)
                """, out);
    }
}
