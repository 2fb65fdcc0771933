package dev.hearth.launcher.web.crypto;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

/**
 * Signing and verifying with the asymmetric WebCrypto algorithms on the JDK: RSASSA-PKCS1-v1_5,
 * RSA-PSS (MGF1 with the same hash, trailer 1), ECDSA (signatures in WebCrypto's r||s form, the
 * JDK's "P1363 format") and Ed25519. Keys arrive as DER ({@link AsymmetricKeys}).
 */
public final class Signatures {

    private Signatures() {}

    public static byte[] sign(String algorithm, String hash, int saltLength, byte[] pkcs8, byte[] data)
            throws CryptoOperations.OperationFailed {
        try {
            Signature signature = signature(algorithm, hash, saltLength);
            signature.initSign((PrivateKey) AsymmetricKeys.parse(algorithm, false, pkcs8));
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new CryptoOperations.OperationFailed(algorithm + " signing failed: " + e.getMessage());
        }
    }

    /** False for a signature that does not match, including one that is not even well formed. */
    public static boolean verify(String algorithm, String hash, int saltLength, byte[] spki, byte[] signatureBytes, byte[] data)
            throws CryptoOperations.OperationFailed {
        try {
            Signature signature = signature(algorithm, hash, saltLength);
            signature.initVerify((PublicKey) AsymmetricKeys.parse(algorithm, true, spki));
            signature.update(data);
            return signature.verify(signatureBytes);
        } catch (java.security.SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new CryptoOperations.OperationFailed(algorithm + " verification failed: " + e.getMessage());
        }
    }

    private static Signature signature(String algorithm, String hash, int saltLength) throws GeneralSecurityException {
        String jdkHash = hash == null ? null : hash.replace("-", "");
        return switch (algorithm) {
            case "RSASSA-PKCS1-v1_5" -> Signature.getInstance(jdkHash + "withRSA");
            case "RSA-PSS" -> {
                Signature pss = Signature.getInstance("RSASSA-PSS");
                pss.setParameter(new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), saltLength, 1));
                yield pss;
            }
            case "ECDSA" -> Signature.getInstance(jdkHash + "withECDSAinP1363Format");
            case "Ed25519" -> Signature.getInstance("Ed25519");
            default -> throw new IllegalArgumentException("no signatures with " + algorithm);
        };
    }
}
