package dev.hearth.launcher.web.crypto;

import dev.hearth.launcher.js.FunctionRuntime;
import dev.hearth.launcher.js.HostApi;
import dev.hearth.launcher.web.JsBytes;
import java.nio.ByteBuffer;
import java.util.Map;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * Host half of subtle.js: each function takes ArrayBuffers (fresh copies the guest made) and
 * returns the result's bytes as a buffer, or a string saying why the data could not be processed
 * (subtle.js rejects with an OperationError then). Algorithm names arrive normalised.
 */
public final class SubtleCryptoHost implements HostApi {

    @FunctionalInterface
    private interface Operation {
        byte[] apply(Value[] args) throws CryptoOperations.OperationFailed;
    }

    @Override
    public void install(Map<String, Object> host, FunctionRuntime runtime) {
        put(host, "subtle.digest", args -> CryptoOperations.digest(args[0].asString(), bytes(args[1])));
        put(host, "subtle.hmac", args -> CryptoOperations.hmac(args[0].asString(), bytes(args[1]), bytes(args[2])));
        host.put("subtle.hmacVerify", (ProxyExecutable) args -> CryptoOperations.hmacVerify(
                args[0].asString(), bytes(args[1]), bytes(args[2]), bytes(args[3])));
        // (encrypt, key, iv, data, additionalData, tagLength)
        put(host, "subtle.aesGcm", args -> CryptoOperations.aesGcm(args[0].asBoolean(), bytes(args[1]), bytes(args[2]),
                bytes(args[3]), bytes(args[4]), args[5].asInt()));
        put(host, "subtle.aesCbc", args -> CryptoOperations.aesCbc(args[0].asBoolean(), bytes(args[1]), bytes(args[2]),
                bytes(args[3])));
        // (key, counter, lengthBits, data): encrypting and decrypting are the same
        put(host, "subtle.aesCtr", args -> CryptoOperations.aesCtr(bytes(args[0]), bytes(args[1]), args[2].asInt(),
                bytes(args[3])));
        // (wrap, key, data)
        put(host, "subtle.aesKw", args -> CryptoOperations.aesKw(args[0].asBoolean(), bytes(args[1]), bytes(args[2])));
        // (hash, password, salt, iterations, bits)
        put(host, "subtle.pbkdf2", args -> CryptoOperations.pbkdf2(args[0].asString(), bytes(args[1]), bytes(args[2]),
                args[3].asInt(), args[4].asInt()));
        // (hash, keyMaterial, salt, info, bits)
        put(host, "subtle.hkdf", args -> CryptoOperations.hkdf(args[0].asString(), bytes(args[1]), bytes(args[2]),
                bytes(args[3]), args[4].asInt()));

        // Asymmetric keys travel as DER; key data that does not parse comes back as a message.
        // (algorithm, namedCurve | null, isPublic, der) -> [type, der, modulusLength, publicExponent, namedCurve]
        putResult(host, "subtle.keyFromDer", args -> imported(AsymmetricKeys.fromDer(args[0].asString(), string(args[1]),
                args[2].asBoolean(), bytes(args[3]))));
        // (algorithm, namedCurve, SEC 1 point) -> as keyFromDer
        putResult(host, "subtle.keyFromPoint", args -> imported(AsymmetricKeys.fromPoint(args[0].asString(), args[1].asString(),
                bytes(args[2]))));
        // (algorithm, namedCurve | null, jwkJson) -> as keyFromDer
        putResult(host, "subtle.keyFromJwk", args -> imported(AsymmetricKeys.fromJwk(args[0].asString(), string(args[1]),
                args[2].asString())));
        // (algorithm, isPublic, der) -> [jwkJson]
        putResult(host, "subtle.keyToJwk", args -> ProxyArray.fromArray(AsymmetricKeys.toJwk(args[0].asString(),
                args[1].asBoolean(), bytes(args[2]))));
        // (algorithm, namedCurve | null, modulusLength, publicExponent | null) -> [spki, pkcs8]
        putResult(host, "subtle.generatePair", args -> {
            byte[][] pair = AsymmetricKeys.generate(args[0].asString(), string(args[1]), args[2].asInt(),
                    args[3].isNull() ? null : bytes(args[3]));
            return ProxyArray.fromArray(ByteBuffer.wrap(pair[0]), ByteBuffer.wrap(pair[1]));
        });
        // (encrypt, hash, spki when encrypting | pkcs8, label, data)
        put(host, "subtle.rsaOaep", args -> RsaOaep.apply(args[0].asBoolean(), args[1].asString(), bytes(args[2]),
                bytes(args[3]), bytes(args[4])));
        // (algorithm, pkcs8, peer's spki) -> the shared secret
        put(host, "subtle.agree", args -> KeyAgreements.secret(args[0].asString(), bytes(args[1]), bytes(args[2])));
        // (algorithm, hash | null, saltLength, pkcs8, data)
        put(host, "subtle.signWith", args -> Signatures.sign(args[0].asString(), string(args[1]), args[2].asInt(),
                bytes(args[3]), bytes(args[4])));
        // (algorithm, hash | null, saltLength, spki, signature, data) -> [boolean]
        putResult(host, "subtle.verifyWith", args -> ProxyArray.fromArray(Signatures.verify(args[0].asString(),
                string(args[1]), args[2].asInt(), bytes(args[3]), bytes(args[4]), bytes(args[5]))));
    }

    @FunctionalInterface
    private interface Result {
        Object apply(Value[] args) throws CryptoOperations.OperationFailed;
    }

    /** Host function whose value is a list, or a string saying why the key data is unusable. */
    private static void putResult(Map<String, Object> host, String name, Result result) {
        host.put(name, (ProxyExecutable) args -> {
            try {
                return result.apply(args);
            } catch (CryptoOperations.OperationFailed e) {
                return e.getMessage();
            }
        });
    }

    private static ProxyArray imported(AsymmetricKeys.Imported key) {
        return ProxyArray.fromArray(key.type(), ByteBuffer.wrap(key.der()), key.modulusLength(),
                key.publicExponent() == null ? null : ByteBuffer.wrap(key.publicExponent()), key.namedCurve());
    }

    private static String string(Value value) {
        return value.isNull() ? null : value.asString();
    }

    private static void put(Map<String, Object> host, String name, Operation operation) {
        host.put(name, (ProxyExecutable) args -> {
            try {
                return ByteBuffer.wrap(operation.apply(args));
            } catch (CryptoOperations.OperationFailed e) {
                return e.getMessage();
            }
        });
    }

    private static byte[] bytes(Value arrayBuffer) {
        return JsBytes.read(arrayBuffer);
    }
}
