package dev.hearth.launcher.js;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * crypto.subtle's signature algorithms: keys and signatures made by node 20's WebCrypto (the
 * reference runtime on these machines) verify here and the other way round, and RFC 8032's
 * first Ed25519 vector.
 */
class SubtleSignatureTest extends JsTest {

    /** A 1024-bit RSA key node generated (small, so the test is quick), and node's signature of "hello hearth". */
    private static final String RSA_JWK = """
            {"kty":"RSA","n":"vGIRL4KtXPWfquOltWVZACjj61c8s79h42lb2epvrRkz3Y4wLmmyju7C0Xe4lYDHMoUoEjUNacutq8MJtHknZukX_je33if084Cu8eLSEdrulzEuzwzfdC7nvcjhRxY0WyyYQhLo1WeGTEIgHwAzg_g2ClVUiwNZg9FSoXELpmE","e":"AQAB","d":"NinQHSPqao7osH6xl10jYMtg9LppZpkBMRyK3zXrlA5p_iqyqbWUNEpr00Qj20BihaEJa2q7h46bSYZTVQN8kzfY2bsL6tuB8qigN3nQ1QiNtHB8M5jSJDvyIQIM7buoorJO1zJ8hgfiTVGwUis1qTsiQuPgYeBVzLHsmN2yLq0","p":"-ilzOLXENucTzAe0_nGYqJQaEG6PPxyCdura34I_eAwiWbIbZwNm2Q7iIborvyTXRsmfNZsVorzXIRtwYEkRHw","q":"wMeHpEyz_KVJdugmbyA9ucubADeuozo6Y4Th4Gs_GEa0OcqsZLygUPjRZLoTimx6xHpX_jfBv3JCQoFOTGbYfw","dp":"r9i7Ob3rs3wzmlRAkitf2ABjYfGVmBN-UgE84ag43TYKX2qngH4PqbygkHzBi5dmDEhmNdRSHRcJUihrkgNKmQ","dq":"AYSQqNaBxEd44JrLUqyqT8AupD3L_jUDKK1vKdkuUf6chKf324Mwr_KFk4lzhe98t_dOog3GVL-NjgB-oVNd-Q","qi":"FgDT-oATSJwXwCrKXRbWBTkjN1jJxNvS6sszfgKLwzIB2MPiFkqUVzT_-NcGXrqyAGtX6vf_8guN7PYQUuKNQw","alg":"RS256"}""";
    private static final String RSA_SIGNATURE = "5569ada38c0991aedea972e51077d66e3c92af12878efe531929c9fd118f526c40336ea7af49843ef69b22dc3cef2eae79ff2b041e525ce6d22dc9493f53e18693095235edbcef949e65beccce9370442d1427fe7e917676444fc9d329d75abf670cc81cf516daf863ac666c8d135cae76fe02f4f5600f1cf576b8e1d6683ea4";

    private String run(String code) throws Exception {
        return SubtleCryptoTest.runWithHelpers(js, "const data = new TextEncoder().encode('hello hearth');\n" + code);
    }

    @Test
    void rsaPkcs1SignaturesMatchNodesAndKeysRoundTrip() throws Exception {
        String out = run("const jwk = " + RSA_JWK + ";\nconst nodeSignature = '" + RSA_SIGNATURE + "';\n" + """
                const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
                const priv = await crypto.subtle.importKey('jwk', jwk, alg, true, ['sign']);
                console.log(priv.type, JSON.stringify({ ...priv.algorithm, publicExponent: hex(priv.algorithm.publicExponent) }));
                console.log(hex(await crypto.subtle.sign('RSASSA-PKCS1-v1_5', priv, data)) === nodeSignature);
                const { d, p, q, dp, dq, qi, ...publicJwk } = jwk;
                const pub = await crypto.subtle.importKey('jwk', publicJwk, alg, false, ['verify']);
                console.log(pub.type, pub.extractable, await crypto.subtle.verify(alg, pub, bytes(nodeSignature), data),
                    await crypto.subtle.verify(alg, pub, bytes(nodeSignature), new Uint8Array(3)));
                await show(() => crypto.subtle.exportKey('spki', pub));
                const spki = await crypto.subtle.exportKey('spki', await crypto.subtle.importKey('jwk', publicJwk, alg, true, ['verify']));
                const again = await crypto.subtle.importKey('spki', spki, alg, true, ['verify']);
                console.log(await crypto.subtle.verify(alg, again, bytes(nodeSignature), data));
                const exported = await crypto.subtle.exportKey('jwk', priv);
                console.log(exported.n === jwk.n && exported.d === jwk.d && exported.qi === jwk.qi, exported.alg, exported.key_ops.join());
                const pkcs8 = await crypto.subtle.exportKey('pkcs8', priv);
                const fromPkcs8 = await crypto.subtle.importKey('pkcs8', pkcs8, alg, false, ['sign']);
                console.log(hex(await crypto.subtle.sign(alg, fromPkcs8, data)) === nodeSignature);
                await show(() => crypto.subtle.exportKey('pkcs8', again));
                await show(() => crypto.subtle.importKey('jwk', publicJwk, alg, false, ['sign']));
                await show(() => crypto.subtle.importKey('spki', new Uint8Array([1, 2, 3]), alg, false, ['verify']));
                """);
        assertEquals("""
                private {"name":"RSASSA-PKCS1-v1_5","hash":{"name":"SHA-256"},"modulusLength":1024,"publicExponent":"010001"}
                true
                public false true false
                InvalidAccessError: exportKey: the key is not extractable
                true
                true RS256 sign
                true
                InvalidAccessError: exportKey: a public key is not exported as pkcs8
                SyntaxError: importKey: a public RSASSA-PKCS1-v1_5 key cannot be used to sign
                """, out.lines().filter(l -> !l.startsWith("DataError")).map(l -> l + "\n").reduce("", String::concat));
        assertEquals(true, out.contains("DataError: the spki data is not a RSA public key"), out);
    }

    @Test
    void rsaPssSignsAndVerifiesWithItsSaltLength() throws Exception {
        String out = run("const { alg: _, key_ops: __, ...jwk } = " + RSA_JWK + ";\n" + """
                const alg = { name: 'RSA-PSS', hash: 'SHA-256' };
                const priv = await crypto.subtle.importKey('jwk', jwk, alg, false, ['sign']);
                const { d, p, q, dp, dq, qi, ...publicJwk } = jwk;
                const pub = await crypto.subtle.importKey('jwk', publicJwk, alg, true, ['verify']);
                const signature = await crypto.subtle.sign({ name: 'RSA-PSS', saltLength: 32 }, priv, data);
                const again = await crypto.subtle.sign({ name: 'RSA-PSS', saltLength: 32 }, priv, data);
                console.log(signature.byteLength, hex(signature) !== hex(again),
                    await crypto.subtle.verify({ name: 'RSA-PSS', saltLength: 32 }, pub, signature, data),
                    await crypto.subtle.verify({ name: 'RSA-PSS', saltLength: 20 }, pub, signature, data),
                    (await crypto.subtle.exportKey('jwk', pub)).alg);
                await show(() => crypto.subtle.sign('RSA-PSS', priv, data));
                """);
        assertEquals("""
                128 true true false PS256
                TypeError: sign: RSA-PSS needs a saltLength
                """, out);
    }

    @Test
    void ecdsaVerifiesNodesSignatureAndSignsWhatNodeWouldVerify() throws Exception {
        String out = run("""
                const alg = { name: 'ECDSA', namedCurve: 'P-256' };
                const nodeJwk = { kty: 'EC', crv: 'P-256', x: 'llfoIJHRGm7GKvXbUXnvMgOInlVYV_qoZtwEszE9moM', y: 'f4qxcXZ4IMYD3yTAFQLtRj9cHjUzaz5rVSNRJdwxfSE' };
                const nodeSignature = bytes('aa640d95ca63d82923cc0a0d30ab7eca6d17a68fca90f3d928aaaacaedb3467a94d02d96153a7ecb694acf7bf46ad5cd13a36fa9ba1c439b67198c38ba68ada8');
                const nodeSpki = '3059301306072a8648ce3d020106082a8648ce3d030107034200049657e82091d11a6ec62af5db5179ef3203889e555857faa866dc04b3313d9a837f8ab171767820c603df24c01502ed463f5c1e35336b3e6b55235125dc317d21';
                const pub = await crypto.subtle.importKey('jwk', nodeJwk, alg, true, ['verify']);
                const sha = { name: 'ECDSA', hash: 'SHA-256' };
                console.log(await crypto.subtle.verify(sha, pub, nodeSignature, data), await crypto.subtle.verify(sha, pub, nodeSignature.slice(1), data));
                console.log(hex(await crypto.subtle.exportKey('spki', pub)) === nodeSpki);
                const raw = await crypto.subtle.exportKey('raw', pub);
                const fromRaw = await crypto.subtle.importKey('raw', raw, alg, true, ['verify']);
                console.log(raw.byteLength, new Uint8Array(raw)[0], await crypto.subtle.verify(sha, fromRaw, nodeSignature, data));
                const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, false, ['sign', 'verify']);
                const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-384' }, pair.privateKey, data);
                console.log(signature.byteLength, pair.publicKey.usages.join(), pair.privateKey.usages.join(), pair.publicKey.extractable,
                    await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-384' }, pair.publicKey, signature, data));
                await show(() => crypto.subtle.importKey('jwk', nodeJwk, { name: 'ECDSA', namedCurve: 'P-384' }, true, ['verify']));
                await show(() => crypto.subtle.verify('ECDSA', pub, nodeSignature, data));
                """);
        assertEquals("""
                true false
                true
                65 4 true
                96 verify sign true true
                DataError: the JWK's crv is "P-256", expected "P-384"
                TypeError: verify: ECDSA needs a hash
                """, out);
    }

    @Test
    void ed25519MatchesRfc8032() throws Exception {
        String out = run("""
                const secret = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
                const publicKey = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
                const expected = 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b';
                const pub = await crypto.subtle.importKey('raw', bytes(publicKey), 'Ed25519', true, ['verify']);
                console.log(await crypto.subtle.verify('Ed25519', pub, bytes(expected), new Uint8Array(0)));
                const pkcs8 = bytes('302e020100300506032b657004220420' + secret);
                const priv = await crypto.subtle.importKey('pkcs8', pkcs8, 'Ed25519', false, ['sign']);
                console.log(hex(await crypto.subtle.sign('Ed25519', priv, new Uint8Array(0))) === expected);
                console.log(hex(await crypto.subtle.exportKey('raw', pub)) === publicKey, JSON.stringify(await crypto.subtle.exportKey('jwk', pub)));
                const pair = await crypto.subtle.generateKey('Ed25519', true, ['sign', 'verify']);
                const signature = await crypto.subtle.sign('Ed25519', pair.privateKey, data);
                console.log(signature.byteLength, await crypto.subtle.verify('Ed25519', pair.publicKey, signature, data));
                """);
        assertEquals("""
                true
                true
                true {"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","alg":"Ed25519","key_ops":["verify"],"ext":true}
                64 true
                """, out);
    }
}
