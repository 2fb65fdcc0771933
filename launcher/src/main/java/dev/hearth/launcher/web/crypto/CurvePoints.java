package dev.hearth.launcher.web.crypto;

import java.math.BigInteger;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;

/**
 * Arithmetic on public values of the NIST prime curves (P-256, P-384, P-521) that the JDK has no
 * API for: whether a point is on its curve, and the y coordinates that go with an x (SEC 1 section
 * 2.3.4's point decompression). Only public data goes through here; nothing secret is computed
 * with this non-constant-time code.
 */
final class CurvePoints {

    private CurvePoints() {}

    /** y² = x³ + ax + b (mod p), with both coordinates below p: SEC 1's check of a public point. */
    static boolean onCurve(ECPoint point, ECParameterSpec params) {
        if (point.equals(ECPoint.POINT_INFINITY)) {
            return false;
        }
        BigInteger p = prime(params);
        BigInteger x = point.getAffineX();
        BigInteger y = point.getAffineY();
        if (x.signum() < 0 || y.signum() < 0 || x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        return y.multiply(y).mod(p).equals(rightHandSide(x, params));
    }

    /**
     * The y of the point with this x whose lowest bit is {@code odd}, or null when no point on the
     * curve has this x. These curves have p = 3 (mod 4), where a square root is a power (p + 1) / 4.
     */
    static BigInteger y(BigInteger x, boolean odd, ECParameterSpec params) {
        BigInteger p = prime(params);
        if (x.signum() < 0 || x.compareTo(p) >= 0) {
            return null;
        }
        BigInteger ySquared = rightHandSide(x, params);
        BigInteger y = ySquared.modPow(p.add(BigInteger.ONE).shiftRight(2), p);
        if (!y.multiply(y).mod(p).equals(ySquared)) {
            return null;
        }
        return y.testBit(0) == odd ? y : p.subtract(y).mod(p);
    }

    /**
     * A point in SEC 1's octet string form: 0x04 || x || y (uncompressed) or 0x02 / 0x03 || x
     * (compressed, y even / odd); null when the bytes are neither or the point is not on the curve.
     */
    static ECPoint decode(byte[] encoded, ECParameterSpec params) {
        int size = (params.getCurve().getField().getFieldSize() + 7) / 8;
        if (encoded.length == 1 + 2 * size && encoded[0] == 4) {
            ECPoint point = new ECPoint(new BigInteger(1, java.util.Arrays.copyOfRange(encoded, 1, 1 + size)),
                    new BigInteger(1, java.util.Arrays.copyOfRange(encoded, 1 + size, encoded.length)));
            return onCurve(point, params) ? point : null;
        }
        if (encoded.length == 1 + size && (encoded[0] == 2 || encoded[0] == 3)) {
            BigInteger x = new BigInteger(1, java.util.Arrays.copyOfRange(encoded, 1, encoded.length));
            BigInteger y = y(x, encoded[0] == 3, params);
            return y == null ? null : new ECPoint(x, y);
        }
        return null;
    }

    private static BigInteger rightHandSide(BigInteger x, ECParameterSpec params) {
        BigInteger p = prime(params);
        return x.pow(3).add(params.getCurve().getA().multiply(x)).add(params.getCurve().getB()).mod(p);
    }

    private static BigInteger prime(ECParameterSpec params) {
        return ((ECFieldFp) params.getCurve().getField()).getP();
    }
}
