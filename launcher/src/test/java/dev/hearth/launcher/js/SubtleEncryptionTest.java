package dev.hearth.launcher.js;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * crypto.subtle's AES-CTR (NIST SP 800-38A F.5.1 and F.5.5, and a counter that wraps as node
 * 20's WebCrypto wraps it) and RSA-OAEP (ciphertexts node 20 made with SHA-1, SHA-256 and
 * SHA-384, labels, and round trips).
 */
class SubtleEncryptionTest extends JsTest {

    /** The 1024-bit RSA key of {@link SubtleSignatureTest} (node made it), without its alg. */
    private static final String RSA_JWK = """
            {"kty":"RSA","n":"vGIRL4KtXPWfquOltWVZACjj61c8s79h42lb2epvrRkz3Y4wLmmyju7C0Xe4lYDHMoUoEjUNacutq8MJtHknZukX_je33if084Cu8eLSEdrulzEuzwzfdC7nvcjhRxY0WyyYQhLo1WeGTEIgHwAzg_g2ClVUiwNZg9FSoXELpmE","e":"AQAB","d":"NinQHSPqao7osH6xl10jYMtg9LppZpkBMRyK3zXrlA5p_iqyqbWUNEpr00Qj20BihaEJa2q7h46bSYZTVQN8kzfY2bsL6tuB8qigN3nQ1QiNtHB8M5jSJDvyIQIM7buoorJO1zJ8hgfiTVGwUis1qTsiQuPgYeBVzLHsmN2yLq0","p":"-ilzOLXENucTzAe0_nGYqJQaEG6PPxyCdura34I_eAwiWbIbZwNm2Q7iIborvyTXRsmfNZsVorzXIRtwYEkRHw","q":"wMeHpEyz_KVJdugmbyA9ucubADeuozo6Y4Th4Gs_GEa0OcqsZLygUPjRZLoTimx6xHpX_jfBv3JCQoFOTGbYfw","dp":"r9i7Ob3rs3wzmlRAkitf2ABjYfGVmBN-UgE84ag43TYKX2qngH4PqbygkHzBi5dmDEhmNdRSHRcJUihrkgNKmQ","dq":"AYSQqNaBxEd44JrLUqyqT8AupD3L_jUDKK1vKdkuUf6chKf324Mwr_KFk4lzhe98t_dOog3GVL-NjgB-oVNd-Q","qi":"FgDT-oATSJwXwCrKXRbWBTkjN1jJxNvS6sszfgKLwzIB2MPiFkqUVzT_-NcGXrqyAGtX6vf_8guN7PYQUuKNQw"}""";

    private String run(String code) throws Exception {
        return SubtleCryptoTest.runWithHelpers(js, code);
    }

    @Test
    void aesCtrMatchesSp80038aAndWrapsItsCounterBits() throws Exception {
        String out = run("""
                const plaintext = bytes('6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710');
                const counter = bytes('f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff');
                for (const k of ['2b7e151628aed2a6abf7158809cf4f3c', '603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4']) {
                  const key = await crypto.subtle.importKey('raw', bytes(k), 'AES-CTR', true, ['encrypt', 'decrypt']);
                  const sealed = await crypto.subtle.encrypt({ name: 'AES-CTR', counter, length: 64 }, key, plaintext);
                  console.log(hex(sealed));
                  console.log(hex(await crypto.subtle.decrypt({ name: 'AES-CTR', counter, length: 128 }, key, sealed)) === hex(plaintext),
                      JSON.stringify(key.algorithm), (await crypto.subtle.exportKey('jwk', key)).alg);
                }
                // All ones with a 2-bit counter: blocks ...ff, ...fc, ...fd, ...fe (node 20 gives the same bytes).
                const zero = await crypto.subtle.importKey('raw', new Uint8Array(16), 'AES-CTR', false, ['encrypt']);
                const ones = new Uint8Array(16).fill(255);
                console.log(hex(await crypto.subtle.encrypt({ name: 'AES-CTR', counter: ones, length: 2 }, zero, new Uint8Array(64))));
                await show(() => crypto.subtle.encrypt({ name: 'AES-CTR', counter: ones, length: 1 }, zero, new Uint8Array(33)));
                await show(() => crypto.subtle.encrypt({ name: 'AES-CTR', counter: ones, length: 0 }, zero, new Uint8Array(1)));
                await show(() => crypto.subtle.encrypt({ name: 'AES-CTR', counter: new Uint8Array(12), length: 64 }, zero, new Uint8Array(1)));
                await show(() => crypto.subtle.encrypt({ name: 'AES-CTR', length: 64 }, zero, new Uint8Array(1)));
                const generated = await crypto.subtle.generateKey({ name: 'AES-CTR', length: 192 }, true, ['encrypt']);
                console.log((await crypto.subtle.exportKey('raw', generated)).byteLength);
                """);
        assertEquals("""
                874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee
                true {"name":"AES-CTR","length":128} A128CTR
                601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c52b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6
                true {"name":"AES-CTR","length":256} A256CTR
                3f5b8cc9ea855a0afa7347d23e8d664e39bde67d5c8ed8a8b1c37eb8fa9f5ac0de0d145c738769e66d65d3e345cc54695c005e72c1418c44f569f2ea33ba54f3
                OperationError: the data needs 3 counter blocks, more than the 2 values a 1-bit counter takes before it repeats
                OperationError: encrypt: the AES-CTR length is 1 to 128 bits, not 0
                OperationError: encrypt: the AES-CTR counter is 16 bytes, not 12
                TypeError: encrypt: AES-CTR needs a counter
                24
                """, out);
    }

    @Test
    void rsaOaepDecryptsWhatNodeEncryptedWithEachHashAndLabel() throws Exception {
        String out = run("const jwk = " + RSA_JWK + ";\n" + """
                const { d, p, q, dp, dq, qi, ...publicJwk } = jwk;
                const node = {
                  'SHA-1': [null, '07a9815ba646c43ef363f5325b8a920458797dfdfac40325deabbfc682977929f68eb36aba864cf8eacd67c953c4e85df75cddcc459b5213a54b61987b51f148e24a5130c9e554fcf766bda4883b5dd49eabd5e2c8d73301f3d9159679f09c9ce9d8f3170c5155e65169080dd3c0b528271dc41d79689e9bd543cdebdcdec174'],
                  'SHA-256': ['label', '4392dae202b0f5011cbd863d979fb2fb5d8219244e556f6690751fa8cd1718b9038ff69f361aa21fc004c8786dbb9ae28809523cfbc412f176791a77aa57d89fde84db24e82cac555388b4a51befc35a122b007fbebad8427c4fe547e1a234bda17a4cbcbce3132104255c4b81acb8ad9b1434d7bb206755d91caea855acf2b5'],
                  'SHA-384': ['x', '3bce35d41b45dcd18727d895d165ca412b411233fc64c95b576134b2ab01c893458545496903f5c19fd4f0798a3298db021b97cfde00a77b76fb86c54d6cfa1bd012c979dc0693a98265fb86abd4d76fcfe6cb478a5205a594c03edef885fa9b2e368c403f5e093461e424b63a5d323cd011102d9d41998d44f6922c17dcecb1'],
                };
                for (const [hash, [label, sealed]] of Object.entries(node)) {
                  const priv = await crypto.subtle.importKey('jwk', jwk, { name: 'RSA-OAEP', hash }, true, ['decrypt', 'unwrapKey']);
                  const pub = await crypto.subtle.importKey('jwk', publicJwk, { name: 'RSA-OAEP', hash }, true, ['encrypt']);
                  const alg = label === null ? { name: 'RSA-OAEP' } : { name: 'RSA-OAEP', label: text(label) };
                  const opened = new TextDecoder().decode(await crypto.subtle.decrypt(alg, priv, bytes(sealed)));
                  const mine = await crypto.subtle.encrypt(alg, pub, text('round trip'));
                  const again = await crypto.subtle.encrypt(alg, pub, text('round trip'));
                  console.log(hash, opened, new TextDecoder().decode(await crypto.subtle.decrypt(alg, priv, mine)), hex(mine) !== hex(again),
                      (await crypto.subtle.exportKey('jwk', pub)).alg, priv.algorithm.modulusLength);
                }
                const priv = await crypto.subtle.importKey('jwk', jwk, { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['decrypt']);
                const pub = await crypto.subtle.importKey('jwk', publicJwk, { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['encrypt']);
                await show(() => crypto.subtle.decrypt({ name: 'RSA-OAEP', label: text('other') }, priv, bytes(node['SHA-256'][1])));
                await show(() => crypto.subtle.encrypt('RSA-OAEP', pub, new Uint8Array(63)));
                console.log((await crypto.subtle.encrypt('RSA-OAEP', pub, new Uint8Array(62))).byteLength);
                await show(() => crypto.subtle.encrypt('RSA-OAEP', priv, text('x')));
                await show(() => crypto.subtle.importKey('jwk', publicJwk, { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['decrypt']));
                await show(() => crypto.subtle.importKey('jwk', { ...publicJwk, alg: 'RSA-OAEP' }, { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['encrypt']));
                """);
        assertEquals("""
                SHA-1 hello hearth round trip true RSA-OAEP 1024
                SHA-256 hello hearth round trip true RSA-OAEP-256 1024
                SHA-384 hello hearth round trip true RSA-OAEP-384 1024
                OperationError: the data does not decrypt (wrong key, hash or label, or not RSA-OAEP output)
                OperationError: RSA-OAEP with a 1024-bit key and SHA-256 encrypts at most 62 bytes, not 63
                128
                InvalidAccessError: encrypt: the key's usages do not include encrypt
                SyntaxError: importKey: a public RSA-OAEP key cannot be used to decrypt
                DataError: importKey: the JWK's alg is "RSA-OAEP", expected RSA-OAEP-256
                """, out);
    }

    @Test
    void rsaOaepGeneratedPairsSplitTheirUsages() throws Exception {
        String out = run("""
                const pair = await crypto.subtle.generateKey({ name: 'RSA-OAEP', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]),
                    hash: 'SHA-512' }, false, ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey']);
                console.log(pair.publicKey.usages.join(), pair.privateKey.usages.join(), pair.publicKey.extractable, pair.privateKey.extractable,
                    JSON.stringify({ ...pair.privateKey.algorithm, publicExponent: hex(pair.privateKey.algorithm.publicExponent) }));
                const sealed = await crypto.subtle.encrypt({ name: 'RSA-OAEP', label: text('l') }, pair.publicKey, text('sixty-four bytes of SHA-512'));
                console.log(sealed.byteLength, new TextDecoder().decode(await crypto.subtle.decrypt({ name: 'RSA-OAEP', label: text('l') }, pair.privateKey, sealed)));
                await show(() => crypto.subtle.generateKey({ name: 'RSA-OAEP', modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]),
                    hash: 'SHA-256' }, false, ['encrypt']));
                """);
        assertEquals("""
                encrypt,wrapKey decrypt,unwrapKey true false {"name":"RSA-OAEP","hash":{"name":"SHA-512"},"modulusLength":2048,"publicExponent":"010001"}
                256 sixty-four bytes of SHA-512
                SyntaxError: generateKey: the private key needs a usage (decrypt or unwrapKey)
                """, out);
    }
}
