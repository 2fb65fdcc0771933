package dev.hearth.launcher.web.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * Keys of the asymmetric WebCrypto algorithms (RSASSA-PKCS1-v1_5, RSA-PSS, RSA-OAEP, ECDSA, ECDH,
 * Ed25519, X25519) as the JDK holds them. A key travels between subtle.js and here as its DER
 * encoding (SPKI for a public key, PKCS #8 for a private one); JWKs and raw EC points are
 * converted to and from that. Bad key data throws {@link CryptoOperations.OperationFailed} with
 * what was wrong (subtle.js: a DataError).
 */
public final class AsymmetricKeys {

    /** A WebCrypto curve name and the JDK's. */
    static final Map<String, String> CURVES = Map.of("P-256", "secp256r1", "P-384", "secp384r1", "P-521", "secp521r1");
    // Ed25519 and X25519 SPKI and PKCS #8 encodings are a fixed header naming the algorithm's OID
    // (1.3.101.112, 1.3.101.110) and the 32 key bytes (RFC 8410).
    private static final Map<String, byte[]> OKP_SPKI_PREFIX = Map.of(
            "Ed25519", HexFormat.of().parseHex("302a300506032b6570032100"),
            "X25519", HexFormat.of().parseHex("302a300506032b656e032100"));
    private static final Map<String, byte[]> OKP_PKCS8_PREFIX = Map.of(
            "Ed25519", HexFormat.of().parseHex("302e020100300506032b657004220420"),
            "X25519", HexFormat.of().parseHex("302e020100300506032b656e04220420"));

    private AsymmetricKeys() {}

    /** The key family (the JDK's KeyFactory name) of a WebCrypto algorithm: "RSA", "EC", "Ed25519" or "X25519". */
    static String family(String algorithm) {
        return switch (algorithm) {
            case "RSASSA-PKCS1-v1_5", "RSA-PSS", "RSA-OAEP" -> "RSA";
            case "ECDSA", "ECDH" -> "EC";
            case "Ed25519" -> "Ed25519";
            case "X25519" -> "X25519";
            default -> throw new IllegalArgumentException("not an asymmetric algorithm: " + algorithm);
        };
    }

    /** A key parsed from its DER: {@code public} is SPKI, otherwise PKCS #8. */
    static Key parse(String algorithm, boolean isPublic, byte[] der) throws CryptoOperations.OperationFailed {
        try {
            KeyFactory factory = KeyFactory.getInstance(family(algorithm));
            return isPublic ? factory.generatePublic(new X509EncodedKeySpec(der))
                    : factory.generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new CryptoOperations.OperationFailed("the " + (isPublic ? "spki" : "pkcs8") + " data is not a "
                    + family(algorithm) + " " + (isPublic ? "public" : "private") + " key: " + e.getMessage());
        }
    }

    /**
     * What subtle.js needs to know of a key it imports: {@code public} or {@code private}, its
     * DER, and for RSA the modulus length in bits and the public exponent's bytes, for EC the
     * curve (checked against {@code namedCurve}).
     */
    public record Imported(String type, byte[] der, int modulusLength, byte[] publicExponent, String namedCurve) {}

    public static Imported fromDer(String algorithm, String namedCurve, boolean isPublic, byte[] der)
            throws CryptoOperations.OperationFailed {
        Key key = parse(algorithm, isPublic, der);
        return describe(algorithm, namedCurve, key);
    }

    private static Imported describe(String algorithm, String namedCurve, Key key) throws CryptoOperations.OperationFailed {
        String type = key instanceof PublicKey ? "public" : "private";
        byte[] der = key.getEncoded();
        return switch (family(algorithm)) {
            case "RSA" -> {
                BigInteger modulus = key instanceof RSAPublicKey p ? p.getModulus() : ((RSAPrivateCrtKey) key).getModulus();
                BigInteger exponent = key instanceof RSAPublicKey p ? p.getPublicExponent() : ((RSAPrivateCrtKey) key).getPublicExponent();
                yield new Imported(type, der, modulus.bitLength(), unsigned(exponent), null);
            }
            case "EC" -> {
                ECParameterSpec params = key instanceof ECPublicKey p ? p.getParams() : ((ECPrivateKey) key).getParams();
                String curve = curveOf(params);
                if (!curve.equals(namedCurve)) {
                    throw new CryptoOperations.OperationFailed("the key is on " + curve + ", not " + namedCurve);
                }
                if (key instanceof ECPublicKey p && !CurvePoints.onCurve(p.getW(), params)) {
                    throw new CryptoOperations.OperationFailed("the public key's point is not on " + curve);
                }
                yield new Imported(type, der, 0, null, curve);
            }
            default -> new Imported(type, der, 0, null, null);
        };
    }

    /** A public EC key from its SEC 1 octet string, uncompressed or compressed: WebCrypto's 'raw' format. */
    public static Imported fromPoint(String algorithm, String namedCurve, byte[] encoded) throws CryptoOperations.OperationFailed {
        try {
            ECParameterSpec params = curveParameters(namedCurve);
            ECPoint point = CurvePoints.decode(encoded, params);
            if (point == null) {
                int size = fieldBytes(params);
                throw new CryptoOperations.OperationFailed("the raw data (" + encoded.length + " bytes) is not a point on "
                        + namedCurve + " (0x04 || x || y, or 0x02 or 0x03 || x, with " + size + "-byte coordinates)");
            }
            return describe(algorithm, namedCurve, KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, params)));
        } catch (GeneralSecurityException e) {
            throw new CryptoOperations.OperationFailed("the raw data is not a usable " + namedCurve + " key: " + e.getMessage());
        }
    }

    public static Imported fromJwk(String algorithm, String namedCurve, String json) throws CryptoOperations.OperationFailed {
        JsonNode jwk;
        try {
            jwk = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new CryptoOperations.OperationFailed("the JWK is not valid JSON: " + e.getMessage());
        }
        boolean isPrivate = jwk.has("d");
        try {
            Key key = switch (family(algorithm)) {
                case "RSA" -> {
                    need(jwk, "RSA", "kty");
                    KeyFactory rsa = KeyFactory.getInstance("RSA");
                    BigInteger n = integer(jwk, "n");
                    BigInteger e = integer(jwk, "e");
                    yield isPrivate ? rsa.generatePrivate(new RSAPrivateCrtKeySpec(n, e, integer(jwk, "d"), integer(jwk, "p"),
                            integer(jwk, "q"), integer(jwk, "dp"), integer(jwk, "dq"), integer(jwk, "qi")))
                            : rsa.generatePublic(new RSAPublicKeySpec(n, e));
                }
                case "EC" -> {
                    need(jwk, "EC", "kty");
                    need(jwk, namedCurve, "crv");
                    ECParameterSpec params = curveParameters(namedCurve);
                    KeyFactory ec = KeyFactory.getInstance("EC");
                    ECPoint point = new ECPoint(integer(jwk, "x"), integer(jwk, "y"));
                    if (!isPrivate) {
                        yield ec.generatePublic(new ECPublicKeySpec(point, params));
                    }
                    ECPrivateKey privateKey = (ECPrivateKey) ec.generatePrivate(new ECPrivateKeySpec(integer(jwk, "d"), params));
                    if (!PublicHalves.ofEc(privateKey).equals(point)) {
                        throw new CryptoOperations.OperationFailed("the JWK's x and y are not the public key of its d");
                    }
                    yield privateKey;
                }
                default -> {
                    need(jwk, "OKP", "kty");
                    need(jwk, algorithm, "crv");
                    byte[] x = okpBytes(jwk, algorithm, "x");
                    if (!isPrivate) {
                        yield parse(algorithm, true, concat(OKP_SPKI_PREFIX.get(algorithm), x));
                    }
                    Key privateKey = parse(algorithm, false, concat(OKP_PKCS8_PREFIX.get(algorithm), okpBytes(jwk, algorithm, "d")));
                    if (!Arrays.equals(okpPublic(privateKey), x)) {
                        throw new CryptoOperations.OperationFailed("the JWK's x is not the public key of its d");
                    }
                    yield privateKey;
                }
            };
            return describe(algorithm, namedCurve, key);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new CryptoOperations.OperationFailed("the JWK is not a usable " + algorithm + " key: " + e.getMessage());
        }
    }

    /** The JWK members of a key (kty, crv, n, e, x, y, d ...); subtle.js adds alg, key_ops and ext. */
    public static String toJwk(String algorithm, boolean isPublic, byte[] der) throws CryptoOperations.OperationFailed {
        Key key = parse(algorithm, isPublic, der);
        ObjectNode jwk = Json.MAPPER.createObjectNode();
        switch (key) {
            case RSAPublicKey p -> {
                jwk.put("kty", "RSA").put("n", b64(p.getModulus())).put("e", b64(p.getPublicExponent()));
            }
            case RSAPrivateCrtKey p -> {
                jwk.put("kty", "RSA").put("n", b64(p.getModulus())).put("e", b64(p.getPublicExponent()))
                        .put("d", b64(p.getPrivateExponent())).put("p", b64(p.getPrimeP())).put("q", b64(p.getPrimeQ()))
                        .put("dp", b64(p.getPrimeExponentP())).put("dq", b64(p.getPrimeExponentQ()))
                        .put("qi", b64(p.getCrtCoefficient()));
            }
            case ECPublicKey p -> {
                int size = fieldBytes(p.getParams());
                jwk.put("kty", "EC").put("crv", curveOf(p.getParams()))
                        .put("x", b64(p.getW().getAffineX(), size)).put("y", b64(p.getW().getAffineY(), size));
            }
            case ECPrivateKey p -> {
                int size = fieldBytes(p.getParams());
                ECPoint point = publicPoint(p);
                jwk.put("kty", "EC").put("crv", curveOf(p.getParams()))
                        .put("x", b64(point.getAffineX(), size)).put("y", b64(point.getAffineY(), size))
                        .put("d", b64(p.getS(), size));
            }
            case EdECPublicKey _, XECPublicKey _ -> jwk.put("kty", "OKP").put("crv", algorithm).put("x", b64(okpRaw(der)));
            case EdECPrivateKey p -> jwk.put("kty", "OKP").put("crv", algorithm).put("x", b64(okpPublic(p)))
                    .put("d", b64(p.getBytes().orElseThrow()));
            case XECPrivateKey p -> jwk.put("kty", "OKP").put("crv", algorithm).put("x", b64(okpPublic(p)))
                    .put("d", b64(p.getScalar().orElseThrow()));
            default -> throw new CryptoOperations.OperationFailed("cannot export " + key.getAlgorithm() + " keys as jwk");
        }
        return jwk.toString();
    }

    /** The 32 key bytes at the end of an Ed25519 or X25519 SPKI. */
    private static byte[] okpRaw(byte[] spki) {
        return Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    }

    /** The public key bytes of an Ed25519 or X25519 private key. */
    private static byte[] okpPublic(Key key) throws CryptoOperations.OperationFailed {
        try {
            return key instanceof EdECPrivateKey ed ? PublicHalves.ofEd25519(ed) : PublicHalves.ofX25519((XECPrivateKey) key);
        } catch (GeneralSecurityException | IllegalStateException e) {
            throw new CryptoOperations.OperationFailed("cannot compute the public key of this " + key.getAlgorithm()
                    + " private key: " + e.getMessage());
        }
    }

    private static ECPoint publicPoint(ECPrivateKey key) throws CryptoOperations.OperationFailed {
        try {
            return PublicHalves.ofEc(key);
        } catch (GeneralSecurityException e) {
            throw new CryptoOperations.OperationFailed("cannot compute the public point of this EC private key: " + e.getMessage());
        }
    }

    private static byte[] okpBytes(JsonNode jwk, String algorithm, String member) throws CryptoOperations.OperationFailed {
        byte[] raw = bytes(jwk, member);
        if (raw.length != 32) {
            throw new CryptoOperations.OperationFailed("the JWK's \"" + member + "\" is " + raw.length
                    + " bytes; an " + algorithm + " key is 32");
        }
        return raw;
    }

    /** A new key pair: [SPKI, PKCS #8]. {@code size}: the modulus length for RSA. */
    public static byte[][] generate(String algorithm, String namedCurve, int size, byte[] publicExponent)
            throws CryptoOperations.OperationFailed {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(family(algorithm));
            switch (family(algorithm)) {
                case "RSA" -> generator.initialize(new RSAKeyGenParameterSpec(size, new BigInteger(1, publicExponent)));
                case "EC" -> generator.initialize(new ECGenParameterSpec(jdkCurve(namedCurve)));
                default -> { }
            }
            KeyPair pair = generator.generateKeyPair();
            return new byte[][] {pair.getPublic().getEncoded(), pair.getPrivate().getEncoded()};
        } catch (GeneralSecurityException e) {
            throw new CryptoOperations.OperationFailed("cannot generate a " + algorithm + " key: " + e.getMessage());
        }
    }

    static String jdkCurve(String namedCurve) throws CryptoOperations.OperationFailed {
        String jdk = CURVES.get(namedCurve);
        if (jdk == null) {
            throw new CryptoOperations.OperationFailed("unknown curve " + namedCurve + " (P-256, P-384, P-521)");
        }
        return jdk;
    }

    private static ECParameterSpec curveParameters(String namedCurve) throws GeneralSecurityException, CryptoOperations.OperationFailed {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec(jdkCurve(namedCurve)));
        return parameters.getParameterSpec(ECParameterSpec.class);
    }

    private static String curveOf(ECParameterSpec params) throws CryptoOperations.OperationFailed {
        for (String curve : CURVES.keySet()) {
            try {
                ECParameterSpec known = curveParameters(curve);
                if (known.getOrder().equals(params.getOrder()) && known.getCurve().equals(params.getCurve())) {
                    return curve;
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK lacks " + curve, e);
            }
        }
        throw new CryptoOperations.OperationFailed("the key's curve is none of P-256, P-384, P-521");
    }

    private static int fieldBytes(ECParameterSpec params) {
        return (params.getCurve().getField().getFieldSize() + 7) / 8;
    }

    private static void need(JsonNode jwk, String value, String member) throws CryptoOperations.OperationFailed {
        JsonNode actual = jwk.get(member);
        if (actual == null || !value.equals(actual.asText())) {
            throw new CryptoOperations.OperationFailed("the JWK's " + member + " is " + (actual == null ? "missing" : actual)
                    + ", expected \"" + value + "\"");
        }
    }

    private static byte[] bytes(JsonNode jwk, String member) throws CryptoOperations.OperationFailed {
        JsonNode value = jwk.get(member);
        if (value == null || !value.isTextual()) {
            throw new CryptoOperations.OperationFailed("the JWK has no \"" + member + "\"");
        }
        try {
            return Base64.getUrlDecoder().decode(value.asText());
        } catch (IllegalArgumentException e) {
            throw new CryptoOperations.OperationFailed("the JWK's \"" + member + "\" is not base64url");
        }
    }

    private static BigInteger integer(JsonNode jwk, String member) throws CryptoOperations.OperationFailed {
        return new BigInteger(1, bytes(jwk, member));
    }

    private static String b64(byte[] value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    private static String b64(BigInteger value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(unsigned(value));
    }

    private static String b64(BigInteger value, int size) {
        byte[] bytes = unsigned(value);
        byte[] padded = new byte[size];
        System.arraycopy(bytes, 0, padded, size - bytes.length, bytes.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(padded);
    }

    /** Big-endian bytes without the sign byte. */
    static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Jackson, loaded when a JWK is first converted. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
}
