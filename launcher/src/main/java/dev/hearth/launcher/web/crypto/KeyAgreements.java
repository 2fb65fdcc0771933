package dev.hearth.launcher.web.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.KeyAgreement;

/**
 * ECDH (P-256/384/521: the shared point's x coordinate, the field's size in bytes) and X25519
 * (RFC 7748: 32 bytes) on the JDK's KeyAgreement. subtle.js has checked that both keys are of
 * the algorithm (and curve) and which one is private.
 */
public final class KeyAgreements {

    private KeyAgreements() {}

    /** The shared secret of a private key (PKCS #8) and a peer's public key (SPKI). */
    public static byte[] secret(String algorithm, byte[] pkcs8, byte[] spki) throws CryptoOperations.OperationFailed {
        byte[] secret;
        try {
            KeyAgreement agreement = KeyAgreement.getInstance(algorithm.equals("ECDH") ? "ECDH" : "X25519");
            agreement.init(AsymmetricKeys.parse(algorithm, false, pkcs8));
            agreement.doPhase(AsymmetricKeys.parse(algorithm, true, spki), true);
            secret = agreement.generateSecret();
        } catch (GeneralSecurityException | IllegalStateException e) {
            throw new CryptoOperations.OperationFailed(algorithm + " key agreement failed: " + e.getMessage());
        }
        // RFC 7748 section 6.1: an all-zero X25519 output means the peer sent a small-order point.
        boolean allZero = true;
        for (byte b : secret) {
            allZero &= b == 0;
        }
        if (allZero) {
            throw new CryptoOperations.OperationFailed(algorithm + " gave an all-zero secret (the public key is a small-order point)");
        }
        return secret;
    }
}
