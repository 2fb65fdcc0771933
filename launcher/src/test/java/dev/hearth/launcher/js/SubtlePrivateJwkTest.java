package dev.hearth.launcher.js;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Private EC, Ed25519 and X25519 keys as JWK: exported with the public part (x, y) a JWK
 * carries beside d, computed from the private key (checked against RFC 8032's Ed25519 key and
 * against the public points node 20 put in the PKCS #8 it exported), and imported only when that
 * public part belongs to d.
 */
class SubtlePrivateJwkTest extends JsTest {

    private String run(String code) throws Exception {
        return SubtleCryptoTest.runWithHelpers(js, code);
    }

    @Test
    void ed25519PrivateKeysRoundTripAsJwk() throws Exception {
        String out = run("""
                const b64hex = (s) => hex(Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)));
                const pkcs8 = bytes('302e020100300506032b6570042204209d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
                const priv = await crypto.subtle.importKey('pkcs8', pkcs8, 'Ed25519', true, ['sign']);
                const jwk = await crypto.subtle.exportKey('jwk', priv);
                console.log(JSON.stringify(jwk));
                console.log(b64hex(jwk.x));
                const back = await crypto.subtle.importKey('jwk', jwk, 'Ed25519', true, ['sign']);
                console.log(hex(await crypto.subtle.exportKey('pkcs8', back)) === hex(pkcs8));
                const other = await crypto.subtle.generateKey('Ed25519', true, ['sign', 'verify']);
                const otherJwk = await crypto.subtle.exportKey('jwk', other.privateKey);
                await show(() => crypto.subtle.importKey('jwk', { ...jwk, x: otherJwk.x }, 'Ed25519', true, ['sign']));
                const { x, ...withoutX } = jwk;
                await show(() => crypto.subtle.importKey('jwk', withoutX, 'Ed25519', true, ['sign']));
                const signature = await crypto.subtle.sign('Ed25519', await crypto.subtle.importKey('jwk', otherJwk, 'Ed25519', false, ['sign']), text('m'));
                console.log(await crypto.subtle.verify('Ed25519', other.publicKey, signature, text('m')));
                """);
        assertEquals("""
                {"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","alg":"Ed25519","key_ops":["sign"],"ext":true}
                d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a
                true
                DataError: the JWK's x is not the public key of its d
                DataError: the JWK has no "x"
                true
                """, out);
    }

    @Test
    void ecPrivateKeysExportTheirPublicPointAsNodeDid() throws Exception {
        String out = run("""
                const b64hex = (s) => hex(Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)));
                // PKCS #8 node exported: each ends with the public point (04 || x || y) that JWK export must compute again.
                const keys = [
                  ['ECDH', 'P-384', '3081b6020100301006072a8648ce3d020106052b8104002204819e30819b0201010430c83e7e7fd7f5ae92002a697f8da61df1c12532a57b6749cb9f61ecf47bb0f9e2ad63eabb246f1639ab9165ee386690c8a1640362000421baa942aa5e62dadc3d3ac61f5ba4665def2aed5e5da9ab640d0bd1a9a395120afec35c8e66d46d0d8e8846ea40c3a07f177a49dd353da171543debfccd98e6ea98ace70a0315a67ddcec2dab6eb15f99809aa6b5cdd82e3241d8db40974e12', 48],
                  ['ECDSA', 'P-521', '3081ee020100301006072a8648ce3d020106052b810400230481d63081d30201010442010691ea782572f4aa19c900382aab767ecf9e9dceecec8fc00d70e1c5c62c46a569530371f7bd052f33501eb3e9671b8709260669f282b68fb7ccca183ce8b46880a18189038186000400a213aaa90700c2c2735a9ccff5633f3291a6a6732092f347cd56d881d2f44ad48e957cc92b7bd58a481e2ef2172a032533c9f5e5241238fc0afc5b09d1b338ecfb00925f2943b8c71c7528a0ce141ae40ff4697a8229dd882f3fadceef7e89de67b37053232886c7468ec1f455e3f8c1fdad1fe2e0b8c64156cda8967e63446ac0718b', 66],
                ];
                for (const [name, namedCurve, der, size] of keys) {
                  const usages = name === 'ECDH' ? ['deriveBits'] : ['sign'];
                  const priv = await crypto.subtle.importKey('pkcs8', bytes(der), { name, namedCurve }, true, usages);
                  const jwk = await crypto.subtle.exportKey('jwk', priv);
                  console.log(name, jwk.crv, b64hex(jwk.x) + b64hex(jwk.y) === der.slice(-4 * size), b64hex(jwk.d).length / 2, jwk.alg);
                  const back = await crypto.subtle.importKey('jwk', jwk, { name, namedCurve }, true, usages);
                  console.log(JSON.stringify(await crypto.subtle.exportKey('jwk', back)) === JSON.stringify(jwk));
                }
                // Both square roots of x³ + ax + b occur: over a few fresh keys, the computed point must always be the key's.
                let agree = 0;
                for (let i = 0; i < 6; i++) {
                  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
                  const fromPrivate = await crypto.subtle.exportKey('jwk', pair.privateKey);
                  const fromPublic = await crypto.subtle.exportKey('jwk', pair.publicKey);
                  if (fromPrivate.x === fromPublic.x && fromPrivate.y === fromPublic.y) agree++;
                }
                console.log(agree);
                """);
        assertEquals("""
                ECDH P-384 true 48 undefined
                true
                ECDSA P-521 true 66 ES512
                true
                6
                """, out);
    }
}
