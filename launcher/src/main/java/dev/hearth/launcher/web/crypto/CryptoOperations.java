package dev.hearth.launcher.web.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The symmetric primitives behind crypto.subtle, on the JDK's providers: digests, HMAC, AES-GCM,
 * AES-CBC, AES-KW (RFC 3394), PBKDF2 and HKDF (RFC 5869, written here: the JDK has no HKDF before
 * 25's preview API); AES-CTR is {@link AesCounterMode}. Inputs are already validated by subtle.js
 * (algorithm names normalised, lengths checked); what can still fail for the caller's data throws
 * {@link OperationFailed}, which subtle.js turns into the spec's OperationError.
 */
public final class CryptoOperations {

    /** WebCrypto hash name -> JDK name. */
    private static final Map<String, String> HASHES = Map.of(
            "SHA-1", "SHA-1", "SHA-256", "SHA-256", "SHA-384", "SHA-384", "SHA-512", "SHA-512");

    /** Data the operation cannot process (a wrong tag, bad padding): the spec's OperationError. */
    public static final class OperationFailed extends Exception {
        OperationFailed(String message) {
            super(message);
        }
    }

    private CryptoOperations() {}

    public static byte[] digest(String hash, byte[] data) {
        return messageDigest(hash).digest(data);
    }

    public static byte[] hmac(String hash, byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(macName(hash));
            // An empty HMAC key is legal in WebCrypto; SecretKeySpec refuses empty arrays.
            mac.init(key.length == 0 ? new EmptyKey(macName(hash)) : new SecretKeySpec(key, macName(hash)));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC with " + hash + " is not available: " + e, e);
        }
    }

    /** Constant time, as a verify must be. */
    public static boolean hmacVerify(String hash, byte[] key, byte[] signature, byte[] data) {
        return MessageDigest.isEqual(hmac(hash, key, data), signature);
    }

    public static byte[] aesGcm(boolean encrypt, byte[] key, byte[] iv, byte[] data, byte[] additionalData,
            int tagBits) throws OperationFailed {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(tagBits, iv));
            if (additionalData.length > 0) {
                cipher.updateAAD(additionalData);
            }
            return cipher.doFinal(data);
        } catch (AEADBadTagException e) {
            throw new OperationFailed("the data does not authenticate (wrong key, iv, additionalData or tag)");
        } catch (GeneralSecurityException e) {
            throw new OperationFailed("AES-GCM failed: " + e.getMessage());
        }
    }

    public static byte[] aesCbc(boolean encrypt, byte[] key, byte[] iv, byte[] data) throws OperationFailed {
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new IvParameterSpec(iv));
            return cipher.doFinal(data);
        } catch (BadPaddingException e) {
            throw new OperationFailed("the data does not decrypt (wrong key or iv, or not AES-CBC output)");
        } catch (GeneralSecurityException e) {
            throw new OperationFailed("AES-CBC failed: " + e.getMessage());
        }
    }

    public static byte[] aesCtr(byte[] key, byte[] counter, int lengthBits, byte[] data) throws OperationFailed {
        return AesCounterMode.apply(key, counter, lengthBits, data);
    }

    /** RFC 3394 key wrap with its default initial value: {@code data} is a multiple of 8 bytes, at least 16. */
    public static byte[] aesKw(boolean wrap, byte[] key, byte[] data) throws OperationFailed {
        if (data.length % 8 != 0 || data.length < (wrap ? 16 : 24)) {
            throw new OperationFailed("AES-KW " + (wrap ? "wraps" : "unwraps") + " a multiple of 8 bytes, at least "
                    + (wrap ? 16 : 24) + ", not " + data.length);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/KW/NoPadding");
            cipher.init(wrap ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"));
            return cipher.doFinal(data);
        } catch (GeneralSecurityException e) {
            // The lengths are checked above: what is left is the integrity check of RFC 3394 section 2.2.3.
            throw new OperationFailed(wrap ? "AES-KW failed: " + e.getMessage()
                    : "the wrapped key does not unwrap (wrong key, or not AES-KW output)");
        }
    }

    public static byte[] pbkdf2(String hash, byte[] password, byte[] salt, int iterations, int bits)
            throws OperationFailed {
        // PBEKeySpec takes chars; PBKDF2WithHmac uses their low bytes, so bytes map one to one.
        char[] chars = new char[password.length];
        for (int i = 0; i < password.length; i++) {
            chars[i] = (char) (password[i] & 0xff);
        }
        try {
            SecretKeyFactory factory = SecretKeyFactory.getInstance("PBKDF2With" + macName(hash));
            return factory.generateSecret(new PBEKeySpec(chars, salt, iterations, bits)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new OperationFailed("PBKDF2 failed: " + e.getMessage());
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /** RFC 5869: extract with the salt (a hash length of zeros when empty), then expand with info. */
    public static byte[] hkdf(String hash, byte[] keyMaterial, byte[] salt, byte[] info, int bits) throws OperationFailed {
        int hashLength = messageDigest(hash).getDigestLength();
        int length = bits / 8;
        if (length > 255 * hashLength) {
            throw new OperationFailed("HKDF can derive at most " + 255 * hashLength * 8 + " bits with " + hash);
        }
        byte[] prk = hmac(hash, salt.length == 0 ? new byte[hashLength] : salt, keyMaterial);
        byte[] out = new byte[length];
        byte[] block = new byte[0];
        for (int i = 1, at = 0; at < length; i++) {
            byte[] input = new byte[block.length + info.length + 1];
            System.arraycopy(block, 0, input, 0, block.length);
            System.arraycopy(info, 0, input, block.length, info.length);
            input[input.length - 1] = (byte) i;
            block = hmac(hash, prk, input);
            int n = Math.min(block.length, length - at);
            System.arraycopy(block, 0, out, at, n);
            at += n;
        }
        return out;
    }

    private static MessageDigest messageDigest(String hash) {
        try {
            return MessageDigest.getInstance(jdkHash(hash));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(hash + " is not available: " + e, e);
        }
    }

    private static String jdkHash(String hash) {
        String name = HASHES.get(hash);
        if (name == null) {
            throw new IllegalArgumentException("unknown hash " + hash);
        }
        return name;
    }

    private static String macName(String hash) {
        return "Hmac" + jdkHash(hash).replace("-", "");
    }

    /** A zero-length HMAC key (SecretKeySpec refuses one; HMAC pads it with zeros like any short key). */
    private record EmptyKey(String algorithm) implements javax.crypto.SecretKey {
        @Override
        public String getAlgorithm() {
            return algorithm;
        }

        @Override
        public String getFormat() {
            return "RAW";
        }

        @Override
        public byte[] getEncoded() {
            return new byte[0];
        }
    }
}
