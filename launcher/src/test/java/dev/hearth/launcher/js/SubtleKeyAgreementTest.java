package dev.hearth.launcher.js;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * crypto.subtle's ECDH and X25519: RFC 7748 section 6.1's X25519 exchange, ECDH secrets node
 * 20's WebCrypto derived from keys it made (P-256 as JWK, P-384 as PKCS #8 and SPKI), and raw
 * public keys as the compressed points node made of them.
 */
class SubtleKeyAgreementTest extends JsTest {

    private String run(String code) throws Exception {
        return SubtleCryptoTest.runWithHelpers(js, code);
    }

    @Test
    void x25519MatchesRfc7748() throws Exception {
        String out = run("""
                const pkcs8 = (d) => bytes('302e020100300506032b656e04220420' + d);
                const alice = await crypto.subtle.importKey('pkcs8', pkcs8('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a'), 'X25519', true, ['deriveBits', 'deriveKey']);
                const bob = await crypto.subtle.importKey('pkcs8', pkcs8('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb'), { name: 'x25519' }, false, ['deriveBits']);
                const alicePublic = await crypto.subtle.importKey('raw', bytes('8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a'), 'X25519', true, []);
                const bobPublic = await crypto.subtle.importKey('raw', bytes('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f'), 'X25519', false, []);
                console.log(hex(await crypto.subtle.deriveBits({ name: 'X25519', public: bobPublic }, alice, 256)));
                console.log(hex(await crypto.subtle.deriveBits({ name: 'X25519', public: alicePublic }, bob, null)));
                console.log(hex(await crypto.subtle.deriveBits({ name: 'X25519', public: alicePublic }, bob, 12)));
                console.log(JSON.stringify(await crypto.subtle.exportKey('jwk', alice)));
                console.log(hex(await crypto.subtle.exportKey('raw', alicePublic)), bobPublic.extractable, JSON.stringify(bobPublic.algorithm),
                    hex(await crypto.subtle.exportKey('spki', alicePublic)));
                const aes = await crypto.subtle.deriveKey({ name: 'X25519', public: bobPublic }, alice, { name: 'AES-GCM', length: 128 }, true, ['encrypt']);
                console.log(hex(await crypto.subtle.exportKey('raw', aes)));
                const pair = await crypto.subtle.generateKey('X25519', true, ['deriveBits']);
                const viaAlice = await crypto.subtle.deriveBits({ name: 'X25519', public: pair.publicKey }, alice, 256);
                const viaPair = await crypto.subtle.deriveBits({ name: 'X25519', public: alicePublic }, pair.privateKey, 256);
                console.log(hex(viaAlice) === hex(viaPair), pair.publicKey.usages.length, pair.privateKey.usages.join());
                // RFC 7748's small-order point u = 0 gives an all-zero secret: refused.
                const zero = await crypto.subtle.importKey('raw', new Uint8Array(32), 'X25519', true, []);
                await show(() => crypto.subtle.deriveBits({ name: 'X25519', public: zero }, alice, 256));
                await show(() => crypto.subtle.deriveBits({ name: 'X25519', public: bobPublic }, alice, 264));
                await show(() => crypto.subtle.deriveBits({ name: 'X25519', public: alice }, bob, 256));
                await show(() => crypto.subtle.deriveBits({ name: 'X25519' }, bob, 256));
                await show(() => crypto.subtle.importKey('raw', new Uint8Array(32), 'X25519', true, ['deriveBits']));
                """);
        assertEquals("""
                4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742
                4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742
                4a50
                {"kty":"OKP","crv":"X25519","x":"hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo","d":"dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCo","key_ops":["deriveBits","deriveKey"],"ext":true}
                8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a false {"name":"X25519"} 302a300506032b656e0321008520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a
                4a5d9d5ba4ce2de1728e3bf480350f25
                true 0 deriveBits
                OperationError: X25519 key agreement failed: Point has small order
                OperationError: deriveBits: X25519 gives 256 bits, fewer than the 264 asked for
                InvalidAccessError: deriveBits: the public member is a private key
                TypeError: deriveBits: X25519 needs a public
                SyntaxError: importKey: a public X25519 key cannot be used to deriveBits
                """, out);
    }

    @Test
    void x25519MatchesRfc7748Section5Vectors() throws Exception {
        String out = run("""
                const x25519 = async (scalar, u) => {
                  const priv = await crypto.subtle.importKey('pkcs8', bytes('302e020100300506032b656e04220420' + scalar), 'X25519', false, ['deriveBits']);
                  const pub = await crypto.subtle.importKey('raw', bytes(u), 'X25519', false, []);
                  return hex(await crypto.subtle.deriveBits({ name: 'X25519', public: pub }, priv, 256));
                };
                console.log(await x25519('a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4', 'e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c'));
                // u's top bit is set: X25519 ignores it
                console.log(await x25519('4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d', 'e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493'));
                // the iteration's first step: k = u = 9
                const nine = '09' + '00'.repeat(31);
                console.log(await x25519(nine, nine));
                """);
        assertEquals("""
                c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552
                95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957
                422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079
                """, out);
    }

    @Test
    void ecdhMatchesNistCavsP256Vector() throws Exception {
        // NIST CAVS "KAS ECC CDH primitive" P-256, first case: the IUT's d, x, y, the CAVS public point, Z
        String out = run("""
                const b64url = (h) => btoa(String.fromCharCode(...bytes(h))).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
                const p256 = { name: 'ECDH', namedCurve: 'P-256' };
                const iut = await crypto.subtle.importKey('jwk', { kty: 'EC', crv: 'P-256',
                    d: b64url('7d7dc5f71eb29ddaf80d6214632eeae03d9058af1fb6d22ed80badb62bc1a534'),
                    x: b64url('ead218590119e8876b29146ff89ca61770c4edbbf97d38ce385ed281d8a6b230'),
                    y: b64url('28af61281fd35e2fa7002523acc85a429cb06ee6648325389f59edfce1405141') }, p256, true, ['deriveBits']);
                const cavs = await crypto.subtle.importKey('raw', bytes('04700c48f77f56584c5cc632ca65640db91b6bacce3a4df6b42ce7cc838833d287'
                    + 'db71e509e3fd9b060ddb20ba5c51dcc5948d46fbf640dfe0441782cab85fa4ac'), p256, true, []);
                console.log(hex(await crypto.subtle.deriveBits({ name: 'ECDH', public: cavs }, iut, 256)));
                """);
        assertEquals("46fc62106420ff012e54a434fbdd2d25ccc5852060561e68040dd7778997bd7b\n", out);
    }

    @Test
    void ecdhDerivesTheSecretsNodeDerived() throws Exception {
        String out = run("""
                const p256 = { name: 'ECDH', namedCurve: 'P-256' };
                const mine = { kty: 'EC', x: '-sEfYM8zgLFiBqBdcCKjKSlAel6xpwXBgMnV51WVTAQ', y: 'YzjiCIGhZD1makoZWt6Gjhu3Ny1Ru80n81a04s2WWX8', crv: 'P-256', d: 'sfD2al_jzTG7qaodTn0ZlqY84ggP3ZS3YN5ECW0__Iw' };
                const theirs = { key_ops: [], ext: true, kty: 'EC', x: 'hxSSSEMHBeA5rpdWiz_qOnUS-OHQY9AtsPwJW_AdEcQ', y: 'XgMykfa1oKEDOWcGPGbGFzZE8-K3P5bEMwk4CryX72w', crv: 'P-256' };
                const priv = await crypto.subtle.importKey('jwk', mine, p256, true, ['deriveBits', 'deriveKey']);
                const pub = await crypto.subtle.importKey('jwk', theirs, p256, true, []);
                console.log(hex(await crypto.subtle.deriveBits({ name: 'ECDH', public: pub }, priv, 256)));
                console.log(hex(await crypto.subtle.deriveBits({ name: 'ECDH', public: pub }, priv, 20)), JSON.stringify(pub.algorithm), pub.usages.length);
                const hmac = await crypto.subtle.deriveKey({ name: 'ECDH', public: pub }, priv, { name: 'HMAC', hash: 'SHA-256', length: 256 }, true, ['sign']);
                console.log(hex(await crypto.subtle.exportKey('raw', hmac)));
                await show(() => crypto.subtle.deriveKey({ name: 'ECDH', public: pub }, priv, { name: 'HMAC', hash: 'SHA-256' }, true, ['sign']));
                const exported = await crypto.subtle.exportKey('jwk', pub);
                console.log(JSON.stringify(exported));
                const raw = await crypto.subtle.exportKey('raw', pub);
                const fromRaw = await crypto.subtle.importKey('raw', raw, p256, true, []);
                console.log(raw.byteLength, hex(await crypto.subtle.deriveBits({ name: 'ECDH', public: fromRaw }, priv, 256)).slice(0, 16));

                const p384 = { name: 'ECDH', namedCurve: 'P-384' };
                const pkcs8 = bytes('3081b6020100301006072a8648ce3d020106052b8104002204819e30819b0201010430c83e7e7fd7f5ae92002a697f8da61df1c12532a57b6749cb9f61ecf47bb0f9e2ad63eabb246f1639ab9165ee386690c8a1640362000421baa942aa5e62dadc3d3ac61f5ba4665def2aed5e5da9ab640d0bd1a9a395120afec35c8e66d46d0d8e8846ea40c3a07f177a49dd353da171543debfccd98e6ea98ace70a0315a67ddcec2dab6eb15f99809aa6b5cdd82e3241d8db40974e12');
                const spki = bytes('3076301006072a8648ce3d020106052b8104002203620004df534665989f90c51462c260a32f6830fa0f2b778ac3fe1e4d1f85414ab58f8c20b5e2a86edf47fa0b147452f2214c0a02a48d55e0b5566b28d9c07144a92731c2fc2da65ce0e7d91968f52ab85b5afeb454c4eef3cabcb1277fad81a9f021af');
                const priv384 = await crypto.subtle.importKey('pkcs8', pkcs8, p384, false, ['deriveBits']);
                const pub384 = await crypto.subtle.importKey('spki', spki, p384, false, []);
                console.log(hex(await crypto.subtle.deriveBits({ name: 'ECDH', public: pub384 }, priv384, null)));
                await show(() => crypto.subtle.deriveBits({ name: 'ECDH', public: pub384 }, priv, 256));
                await show(() => crypto.subtle.deriveBits({ name: 'ECDH', public: pub }, pub, 256));
                await show(() => crypto.subtle.importKey('spki', spki, p256, false, []));
                await show(() => crypto.subtle.importKey('jwk', { ...theirs, y: mine.y }, p256, false, []));
                await show(() => crypto.subtle.importKey('jwk', { ...mine, d: theirs.x }, p256, false, ['deriveBits']));
                await show(() => crypto.subtle.importKey('jwk', { ...mine, use: 'sig' }, p256, false, ['deriveBits']));

                const a = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-521' }, false, ['deriveKey']);
                const b = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-521' }, false, ['deriveKey', 'deriveBits']);
                const ab = await crypto.subtle.deriveKey({ name: 'ECDH', public: b.publicKey }, a.privateKey, { name: 'AES-KW', length: 256 }, true, ['wrapKey']);
                const ba = await crypto.subtle.deriveKey({ name: 'ECDH', public: a.publicKey }, b.privateKey, { name: 'AES-KW', length: 256 }, true, ['wrapKey']);
                console.log(hex(await crypto.subtle.exportKey('raw', ab)) === hex(await crypto.subtle.exportKey('raw', ba)), a.publicKey.usages.length,
                    a.privateKey.usages.join(), (await crypto.subtle.exportKey('raw', a.publicKey)).byteLength);
                """);
        assertEquals("""
                5229f7e42d9e041e2afd9024f5a8edc6a42957dc97ea37d532f98f89644ce32a
                5229f0 {"name":"ECDH","namedCurve":"P-256"} 0
                5229f7e42d9e041e2afd9024f5a8edc6a42957dc97ea37d532f98f89644ce32a
                OperationError: deriveKey: ECDH gives 256 bits, fewer than the 512 asked for
                {"kty":"EC","crv":"P-256","x":"hxSSSEMHBeA5rpdWiz_qOnUS-OHQY9AtsPwJW_AdEcQ","y":"XgMykfa1oKEDOWcGPGbGFzZE8-K3P5bEMwk4CryX72w","key_ops":[],"ext":true}
                65 5229f7e42d9e041e
                9d1339f27373f6910c3aa2fa10f1ed4c3dcde8f8205c0b74524cc96bc4ed226bfa296e72ddd1fd956b80fd01819305e5
                InvalidAccessError: deriveBits: the public key is on P-384, the base key on P-256
                InvalidAccessError: deriveBits: the key's usages do not include deriveBits
                DataError: the key is on P-384, not P-256
                DataError: the public key's point is not on P-256
                DataError: the JWK's x and y are not the public key of its d
                DataError: importKey: the JWK's use is "sig", not enc
                true 0 deriveKey 133
                """, out);
    }

    @Test
    void compressedPointsImportAsTheKeysNodeCompressed() throws Exception {
        String out = run("""
                // node's ECDH.convertKey(..., 'compressed') of the P-256 key above (y even) and the P-384 one (y odd)
                const p256 = await crypto.subtle.importKey('raw', bytes('0287149248430705e039ae97568b3fea3a7512f8e1d063d02db0fc095bf01d11c4'),
                    { name: 'ECDH', namedCurve: 'P-256' }, true, []);
                console.log(JSON.stringify(await crypto.subtle.exportKey('jwk', p256)));
                const p384 = await crypto.subtle.importKey('raw', bytes('03df534665989f90c51462c260a32f6830fa0f2b778ac3fe1e4d1f85414ab58f8c20b5e2a86edf47fa0b147452f2214c0a'),
                    { name: 'ECDSA', namedCurve: 'P-384' }, true, ['verify']);
                console.log(hex(await crypto.subtle.exportKey('spki', p384)));
                const uncompressed = new Uint8Array(await crypto.subtle.exportKey('raw', p256));
                uncompressed[64] ^= 1;
                await show(() => crypto.subtle.importKey('raw', uncompressed, { name: 'ECDH', namedCurve: 'P-256' }, true, []));
                await show(() => crypto.subtle.importKey('raw', uncompressed.slice(0, 40), { name: 'ECDH', namedCurve: 'P-256' }, true, []));
                """);
        assertEquals("""
                {"kty":"EC","crv":"P-256","x":"hxSSSEMHBeA5rpdWiz_qOnUS-OHQY9AtsPwJW_AdEcQ","y":"XgMykfa1oKEDOWcGPGbGFzZE8-K3P5bEMwk4CryX72w","key_ops":[],"ext":true}
                3076301006072a8648ce3d020106052b8104002203620004df534665989f90c51462c260a32f6830fa0f2b778ac3fe1e4d1f85414ab58f8c20b5e2a86edf47fa0b147452f2214c0a02a48d55e0b5566b28d9c07144a92731c2fc2da65ce0e7d91968f52ab85b5afeb454c4eef3cabcb1277fad81a9f021af
                DataError: the raw data (65 bytes) is not a point on P-256 (0x04 || x || y, or 0x02 or 0x03 || x, with 32-byte coordinates)
                DataError: the raw data (40 bytes) is not a point on P-256 (0x04 || x || y, or 0x02 or 0x03 || x, with 32-byte coordinates)
                """, out);
    }
}
