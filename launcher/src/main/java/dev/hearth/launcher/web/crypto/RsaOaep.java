package dev.hearth.launcher.web.crypto;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.interfaces.RSAKey;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * RSA-OAEP (RFC 8017) as WebCrypto uses it: the key's hash for both the label digest and MGF1,
 * and the caller's label (empty when none was given). Public key (SPKI) encrypts, private key
 * (PKCS #8) decrypts.
 */
public final class RsaOaep {

    private RsaOaep() {}

    public static byte[] apply(boolean encrypt, String hash, byte[] der, byte[] label, byte[] data)
            throws CryptoOperations.OperationFailed {
        Key key = AsymmetricKeys.parse("RSA-OAEP", encrypt, der);
        int modulusBytes = (((RSAKey) key).getModulus().bitLength() + 7) / 8;
        if (encrypt) {
            int hashBytes = CryptoOperations.digest(hash, new byte[0]).length;
            int max = modulusBytes - 2 * hashBytes - 2;
            if (data.length > max) {
                throw new CryptoOperations.OperationFailed("RSA-OAEP with a " + modulusBytes * 8 + "-bit key and " + hash
                        + " encrypts at most " + Math.max(max, 0) + " bytes, not " + data.length);
            }
        }
        try {
            Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
            cipher.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, key,
                    new OAEPParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), new PSource.PSpecified(label)));
            return cipher.doFinal(data);
        } catch (BadPaddingException e) {
            throw new CryptoOperations.OperationFailed("the data does not decrypt (wrong key, hash or label, or not RSA-OAEP output)");
        } catch (GeneralSecurityException e) {
            throw new CryptoOperations.OperationFailed("RSA-OAEP " + (encrypt ? "encryption" : "decryption") + " failed: "
                    + e.getMessage());
        }
    }
}
