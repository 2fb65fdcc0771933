package dev.hearth.launcher.js;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * crypto.subtle's wrapKey and unwrapKey: RFC 3394's AES-KW vectors (sections 4.1 and 4.6), and
 * each format through each wrapping algorithm that encrypts (AES-GCM, AES-CBC, AES-CTR,
 * RSA-OAEP), with the spec's errors.
 */
class SubtleWrapKeyTest extends JsTest {

    private String run(String code) throws Exception {
        return SubtleCryptoTest.runWithHelpers(js, code);
    }

    @Test
    void aesKwMatchesRfc3394() throws Exception {
        String out = run("""
                const vectors = [
                  ['000102030405060708090a0b0c0d0e0f', '00112233445566778899aabbccddeeff'],
                  ['000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', '00112233445566778899aabbccddeeff000102030405060708090a0b0c0d0e0f'],
                ];
                for (const [kek, data] of vectors) {
                  const wrapping = await crypto.subtle.importKey('raw', bytes(kek), 'AES-KW', true, ['wrapKey', 'unwrapKey']);
                  const key = await crypto.subtle.importKey('raw', bytes(data), 'AES-GCM', true, ['encrypt']);
                  const wrapped = await crypto.subtle.wrapKey('raw', key, wrapping, 'AES-KW');
                  console.log(hex(wrapped));
                  const back = await crypto.subtle.unwrapKey('raw', wrapped, wrapping, { name: 'aes-kw' }, 'AES-CBC', true, ['decrypt']);
                  console.log(hex(await crypto.subtle.exportKey('raw', back)), JSON.stringify(back.algorithm), back.usages.join(),
                      (await crypto.subtle.exportKey('jwk', wrapping)).alg);
                }
                const wrapping = await crypto.subtle.importKey('raw', bytes(vectors[0][0]), 'AES-KW', false, ['unwrapKey']);
                const tampered = bytes('1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe6');
                await show(() => crypto.subtle.unwrapKey('raw', tampered, wrapping, 'AES-KW', 'AES-GCM', true, ['encrypt']));
                await show(() => crypto.subtle.encrypt('AES-KW', wrapping, new Uint8Array(16)));
                await show(() => crypto.subtle.importKey('raw', new Uint8Array(16), 'AES-KW', true, ['encrypt']));
                """);
        assertEquals("""
                1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5
                00112233445566778899aabbccddeeff {"name":"AES-CBC","length":128} decrypt A128KW
                28c9f404c4b810f4cbccb35cfb87f8263f5786e2d80ed326cbc7f0e71a99f43bfb988b9b7a02dd21
                00112233445566778899aabbccddeeff000102030405060708090a0b0c0d0e0f {"name":"AES-CBC","length":256} decrypt A256KW
                OperationError: the wrapped key does not unwrap (wrong key, or not AES-KW output)
                NotSupportedError: encrypt: AES-KW is not an algorithm for encrypt (AES-GCM, AES-CBC, AES-CTR, RSA-OAEP)
                SyntaxError: importKey: a key of this algorithm cannot be used to encrypt
                """, out);
    }

    @Test
    void everyFormatGoesThroughEveryWrappingAlgorithm() throws Exception {
        String out = run("""
                const iv = new Uint8Array(16).fill(7);
                const rsa = await crypto.subtle.generateKey({ name: 'RSA-OAEP', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]),
                    hash: 'SHA-256' }, false, ['wrapKey', 'unwrapKey']);
                const wrappers = [
                  [{ name: 'AES-KW' }, await crypto.subtle.generateKey({ name: 'AES-KW', length: 256 }, false, ['wrapKey', 'unwrapKey'])],
                  [{ name: 'AES-GCM', iv: iv.slice(0, 12), additionalData: text('ad') }, await crypto.subtle.generateKey({ name: 'AES-GCM', length: 128 }, false, ['wrapKey', 'unwrapKey'])],
                  [{ name: 'AES-CBC', iv }, await crypto.subtle.generateKey({ name: 'AES-CBC', length: 192 }, false, ['wrapKey', 'unwrapKey'])],
                  [{ name: 'AES-CTR', counter: iv, length: 32 }, await crypto.subtle.generateKey({ name: 'AES-CTR', length: 256 }, false, ['wrapKey', 'unwrapKey'])],
                  [{ name: 'RSA-OAEP', label: text('wrapped') }, { publicKey: rsa.publicKey, privateKey: rsa.privateKey }],
                ];
                const hmacKey = await crypto.subtle.importKey('raw', text('sixteen byte key'), { name: 'HMAC', hash: 'SHA-256' }, true, ['sign', 'verify']);
                // Sizes AES-KW can wrap (whole 8-byte blocks): an Ed25519 PKCS #8 is 48 bytes, a P-384 SPKI 120.
                const ed = await crypto.subtle.generateKey('Ed25519', true, ['sign', 'verify']);
                const ec = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, true, ['sign', 'verify']);
                const data = text('signed');
                for (const [algorithm, key] of wrappers) {
                  const wrapKey = key.publicKey ?? key;
                  const unwrapKey = key.privateKey ?? key;
                  const results = [];
                  // raw and jwk: an HMAC key; pkcs8: an Ed25519 private key; spki: an ECDSA public key
                  for (const format of ['raw', 'jwk']) {
                    const wrapped = await crypto.subtle.wrapKey(format, hmacKey, wrapKey, algorithm);
                    const back = await crypto.subtle.unwrapKey(format, wrapped, unwrapKey, algorithm, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
                    results.push(format + ':' + await crypto.subtle.verify('HMAC', back, await crypto.subtle.sign('HMAC', hmacKey, data), data));
                  }
                  const wrappedPkcs8 = await crypto.subtle.wrapKey('pkcs8', ed.privateKey, wrapKey, algorithm);
                  const privateBack = await crypto.subtle.unwrapKey('pkcs8', wrappedPkcs8, unwrapKey, algorithm, 'Ed25519', false, ['sign']);
                  results.push('pkcs8:' + await crypto.subtle.verify('Ed25519', ed.publicKey, await crypto.subtle.sign('Ed25519', privateBack, data), data));
                  const wrappedSpki = await crypto.subtle.wrapKey('spki', ec.publicKey, wrapKey, algorithm);
                  const publicBack = await crypto.subtle.unwrapKey('spki', wrappedSpki, unwrapKey, algorithm, { name: 'ECDSA', namedCurve: 'P-384' }, true, ['verify']);
                  results.push('spki:' + (hex(await crypto.subtle.exportKey('raw', publicBack)) === hex(await crypto.subtle.exportKey('raw', ec.publicKey))));
                  console.log(algorithm.name, results.join(' '));
                }
                // Wrapping is encrypting what exportKey gives.
                const ctr = await crypto.subtle.importKey('raw', new Uint8Array(16).fill(1), 'AES-CTR', false, ['encrypt', 'wrapKey']);
                const ctrParams = { name: 'AES-CTR', counter: iv, length: 64 };
                console.log(hex(await crypto.subtle.wrapKey('raw', hmacKey, ctr, ctrParams)) === hex(await crypto.subtle.encrypt(ctrParams, ctr, text('sixteen byte key'))));
                // A JWK through AES-KW is padded with spaces to whole 8-byte blocks.
                const kw = await crypto.subtle.importKey('raw', new Uint8Array(16), 'AES-KW', false, ['wrapKey']);
                const jwkText = JSON.stringify(await crypto.subtle.exportKey('jwk', hmacKey));
                console.log(jwkText.length, (await crypto.subtle.wrapKey('jwk', hmacKey, kw, 'AES-KW')).byteLength);
                """);
        assertEquals("""
                AES-KW raw:true jwk:true pkcs8:true spki:true
                AES-GCM raw:true jwk:true pkcs8:true spki:true
                AES-CBC raw:true jwk:true pkcs8:true spki:true
                AES-CTR raw:true jwk:true pkcs8:true spki:true
                RSA-OAEP raw:true jwk:true pkcs8:true spki:true
                true
                95 104
                """, out);
    }

    @Test
    void misuseIsRefusedWithTheSpecsErrors() throws Exception {
        String out = run("""
                const kw = await crypto.subtle.importKey('raw', new Uint8Array(16), 'AES-KW', false, ['wrapKey', 'unwrapKey']);
                const gcm = await crypto.subtle.importKey('raw', new Uint8Array(16), 'AES-GCM', false, ['encrypt', 'decrypt']);
                const secret = await crypto.subtle.importKey('raw', new Uint8Array(16), 'AES-CBC', false, ['encrypt']);
                const odd = await crypto.subtle.importKey('raw', new Uint8Array(10), { name: 'HMAC', hash: 'SHA-1' }, true, ['sign']);
                const open = await crypto.subtle.importKey('raw', new Uint8Array(16), 'AES-CBC', true, ['encrypt']);
                await show(() => crypto.subtle.wrapKey('raw', secret, kw, 'AES-KW'));
                const password = await crypto.subtle.importKey('raw', text('password'), 'PBKDF2', false, ['deriveBits']);
                await show(() => crypto.subtle.wrapKey('raw', password, kw, 'AES-KW'));
                await show(() => crypto.subtle.wrapKey('raw', open, gcm, { name: 'AES-GCM', iv: new Uint8Array(12) }));
                await show(() => crypto.subtle.wrapKey('raw', open, gcm, 'AES-KW'));
                await show(() => crypto.subtle.wrapKey('raw', odd, kw, 'AES-KW'));
                await show(() => crypto.subtle.wrapKey('pem', open, kw, 'AES-KW'));
                await show(() => crypto.subtle.wrapKey('spki', open, kw, 'AES-KW'));
                await show(() => crypto.subtle.wrapKey('raw', open, kw, 'HMAC'));
                await show(() => crypto.subtle.unwrapKey('raw', new Uint8Array(24), kw, 'AES-KW', 'AES-GCM', true, ['sign']));
                await show(() => crypto.subtle.unwrapKey('raw', new Uint8Array(24), kw, 'AES-KW', 'AES-GCM', true));
                const wrappedRaw = await crypto.subtle.wrapKey('raw', open, kw, 'AES-KW');
                try {
                  await crypto.subtle.unwrapKey('jwk', wrappedRaw, kw, 'AES-KW', 'AES-CBC', true, ['encrypt']);
                } catch (e) {
                  console.log(e.name, e.message.startsWith('unwrapKey: the unwrapped jwk is not JSON'));
                }
                """);
        assertEquals("""
                InvalidAccessError: wrapKey: the key to wrap is not extractable
                NotSupportedError: wrapKey: PBKDF2 keys cannot be exported
                InvalidAccessError: wrapKey: the key's usages do not include wrapKey
                InvalidAccessError: wrapKey: the key is a AES-GCM key, not AES-KW
                OperationError: wrapKey: AES-KW wraps a multiple of 8 bytes, and this raw key is 10
                TypeError: wrapKey: "pem" is not a key format (raw, spki, pkcs8, jwk)
                NotSupportedError: wrapKey: a AES-CBC key is not exported as "spki" (raw, jwk)
                NotSupportedError: wrapKey: HMAC is not an algorithm for wrapKey (AES-KW, AES-GCM, AES-CBC, AES-CTR, RSA-OAEP)
                SyntaxError: unwrapKey: a key of this algorithm cannot be used to sign
                TypeError: SubtleCrypto.unwrapKey: 7 arguments required, but only 6 present
                DataError true
                """, out);
    }
}
