package dev.hearth.launcher.web.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-CTR as WebCrypto defines it: only the rightmost {@code length} bits of the counter block
 * count (NIST SP 800-38A's standard incrementing function on m bits), and they wrap to zero
 * without carrying into the rest of the block. The JDK's AES/CTR increments the whole 128-bit
 * block, which is the same until the counter bits wrap; a message that crosses the wrap is
 * therefore run in two pieces, the second from the block with its counter bits zeroed. A message
 * longer than 2^length blocks would reuse a counter block (and so a key stream): it is refused.
 */
final class AesCounterMode {

    private static final int BLOCK = 16;

    private AesCounterMode() {}

    /** Encrypts or decrypts (the same operation) {@code data}; {@code counter} is 16 bytes, 1 <= lengthBits <= 128. */
    static byte[] apply(byte[] key, byte[] counter, int lengthBits, byte[] data) throws CryptoOperations.OperationFailed {
        if (counter.length != BLOCK) {
            throw new CryptoOperations.OperationFailed("the AES-CTR counter is 16 bytes, not " + counter.length);
        }
        if (lengthBits < 1 || lengthBits > 128) {
            throw new CryptoOperations.OperationFailed("the AES-CTR length is 1 to 128 bits, not " + lengthBits);
        }
        BigInteger blocks = BigInteger.valueOf((data.length + BLOCK - 1L) / BLOCK);
        BigInteger span = BigInteger.ONE.shiftLeft(lengthBits);
        if (blocks.compareTo(span) > 0) {
            throw new CryptoOperations.OperationFailed("the data needs " + blocks + " counter blocks, more than the " + span
                    + " values a " + lengthBits + "-bit counter takes before it repeats");
        }
        BigInteger block = new BigInteger(1, counter);
        BigInteger counterBits = block.and(span.subtract(BigInteger.ONE));
        BigInteger beforeWrap = span.subtract(counterBits);
        byte[] out = new byte[data.length];
        if (blocks.compareTo(beforeWrap) <= 0) {
            run(key, counter, data, 0, data.length, out);
        } else {
            // beforeWrap < blocks, and blocks fits an int, so this does too
            int first = beforeWrap.intValueExact() * BLOCK;
            run(key, counter, data, 0, first, out);
            run(key, toBlock(block.subtract(counterBits)), data, first, data.length - first, out);
        }
        return out;
    }

    private static void run(byte[] key, byte[] counter, byte[] data, int offset, int length, byte[] out)
            throws CryptoOperations.OperationFailed {
        try {
            Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(counter));
            cipher.doFinal(data, offset, length, out, offset);
        } catch (GeneralSecurityException e) {
            throw new CryptoOperations.OperationFailed("AES-CTR failed: " + e.getMessage());
        }
    }

    /** A value below 2^128 as a 16-byte big-endian block. */
    private static byte[] toBlock(BigInteger value) {
        byte[] bytes = AsymmetricKeys.unsigned(value);
        byte[] block = new byte[BLOCK];
        System.arraycopy(bytes, 0, block, BLOCK - bytes.length, bytes.length);
        return block;
    }
}
