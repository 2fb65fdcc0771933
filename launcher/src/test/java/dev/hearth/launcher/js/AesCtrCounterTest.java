package dev.hearth.launcher.js;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hearth.launcher.web.crypto.CryptoOperations;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * AES-CTR's counter handling against a reference written from the spec's words: each block's key
 * stream is AES of the counter block, and only the rightmost {@code length} bits count up,
 * wrapping to zero without touching the rest (the runtime instead splits the JDK's whole-block
 * CTR at the wrap).
 */
class AesCtrCounterTest {

    private static final byte[] KEY = new byte[16];

    @Test
    void counterBitsWrapWithoutCarryingIntoTheNonce() throws Exception {
        byte[] ones = new byte[16];
        Arrays.fill(ones, (byte) 0xff);
        byte[] mixed = HexFormat.of().parseHex("00112233445566778899aabbccddeefd");
        for (byte[] counter : new byte[][] {ones, mixed}) {
            for (int length : new int[] {2, 3, 8, 64, 127, 128}) {
                for (int size : new int[] {0, 1, 16, 17, 40, 64}) {
                    if ((size + 15) / 16 > (1L << Math.min(length, 62))) {
                        continue;
                    }
                    byte[] data = new byte[size];
                    for (int i = 0; i < size; i++) {
                        data[i] = (byte) (i * 7);
                    }
                    assertArrayEquals(reference(counter, length, data), CryptoOperations.aesCtr(KEY, counter, length, data),
                            "counter " + new BigInteger(1, counter).toString(16) + ", length " + length + ", " + size + " bytes");
                }
            }
        }
    }

    @Test
    void aRepeatingCounterIsRefused() {
        CryptoOperations.OperationFailed e = assertThrows(CryptoOperations.OperationFailed.class,
                () -> CryptoOperations.aesCtr(KEY, new byte[16], 2, new byte[65]));
        assertEquals("the data needs 5 counter blocks, more than the 4 values a 2-bit counter takes before it repeats", e.getMessage());
    }

    /** Block by block: AES-ECB of the counter block, the low bits incremented modulo 2^length. */
    private static byte[] reference(byte[] counter, int length, byte[] data) throws Exception {
        Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "AES"));
        BigInteger modulus = BigInteger.ONE.shiftLeft(length);
        BigInteger block = new BigInteger(1, counter);
        BigInteger nonce = block.subtract(block.mod(modulus));
        BigInteger count = block.mod(modulus);
        byte[] out = new byte[data.length];
        for (int at = 0; at < data.length; at += 16) {
            byte[] value = nonce.add(count).toByteArray();
            byte[] counterBlock = new byte[16];
            int n = Math.min(value.length, 16);
            System.arraycopy(value, value.length - n, counterBlock, 16 - n, n);
            byte[] stream = aes.doFinal(counterBlock);
            for (int i = at; i < Math.min(at + 16, data.length); i++) {
                out[i] = (byte) (data[i] ^ stream[i - at]);
            }
            count = count.add(BigInteger.ONE).mod(modulus);
        }
        return out;
    }
}
