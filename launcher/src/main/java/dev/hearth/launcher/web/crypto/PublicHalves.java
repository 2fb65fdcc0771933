package dev.hearth.launcher.web.crypto;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.XECPrivateKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;

/**
 * The public key that belongs to a private one, which a private JWK carries beside {@code d}. The
 * JDK's private key objects do not hold it and it has no public API for scalar multiplication, so
 * each is computed with operations the JDK does offer (all on the private scalar in the JDK's own
 * code, none in arithmetic written here):
 * <ul>
 *   <li>X25519: key agreement with the base point u = 9 gives the public u coordinate.
 *   <li>Ed25519: the JDK's key pair generator, handed the private key as its "random" seed,
 *       computes the public key as RFC 8032 section 5.1.5 does.
 *   <li>EC: key agreement with the curve's generator gives x of d·G; y is one of the two square
 *       roots of x³ + ax + b, and the right one is the one that verifies a signature made with d.
 * </ul>
 */
final class PublicHalves {

    private PublicHalves() {}

    static ECPoint ofEc(ECPrivateKey key) throws GeneralSecurityException {
        ECParameterSpec params = key.getParams();
        KeyFactory factory = KeyFactory.getInstance("EC");
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(key);
        agreement.doPhase(factory.generatePublic(new ECPublicKeySpec(params.getGenerator(), params)), true);
        BigInteger x = new BigInteger(1, agreement.generateSecret());
        BigInteger y = CurvePoints.y(x, false, params);
        if (y == null) {
            throw new GeneralSecurityException("no point of the curve has the x that key agreement gave");
        }
        byte[] probe = "hearth: which y".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(probe);
        byte[] signature = signer.sign();
        ECPoint candidate = new ECPoint(x, y);
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(factory.generatePublic(new ECPublicKeySpec(candidate, params)));
        verifier.update(probe);
        return verifier.verify(signature) ? candidate : new ECPoint(x, CurvePoints.y(x, true, params));
    }

    /** The 32-byte public u coordinate (little-endian) of an X25519 private key. */
    static byte[] ofX25519(XECPrivateKey key) throws GeneralSecurityException {
        KeyAgreement agreement = KeyAgreement.getInstance("X25519");
        agreement.init(key);
        agreement.doPhase(KeyFactory.getInstance("X25519")
                .generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, BigInteger.valueOf(9))), true);
        return agreement.generateSecret();
    }

    /** The 32-byte public key (RFC 8032 encoding) of an Ed25519 private key. */
    static byte[] ofEd25519(EdECPrivateKey key) throws GeneralSecurityException {
        byte[] seed = key.getBytes().orElseThrow(() -> new GeneralSecurityException("the Ed25519 key hides its bytes"));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(NamedParameterSpec.ED25519, new Replay(seed));
        KeyPair pair = generator.generateKeyPair();
        // The generator draws exactly the private key from its random source; should a JDK draw
        // anything else, the pair is not this key's and must not be used.
        if (!Arrays.equals(((EdECPrivateKey) pair.getPrivate()).getBytes().orElse(null), seed)) {
            throw new IllegalStateException("this JDK's Ed25519 key pair generator does not take its key from the random source");
        }
        byte[] spki = pair.getPublic().getEncoded();
        return Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    }

    /** A "random" source that hands out the given bytes (the Ed25519 generator asks for 32). */
    private static final class Replay extends SecureRandom {
        private final byte[] bytes;

        Replay(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        @Override
        public void nextBytes(byte[] out) {
            if (out.length != bytes.length) {
                throw new IllegalStateException("expected a request for " + bytes.length + " bytes, got " + out.length);
            }
            System.arraycopy(bytes, 0, out, 0, out.length);
        }
    }
}
