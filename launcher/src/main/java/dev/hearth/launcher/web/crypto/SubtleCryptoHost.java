package dev.hearth.launcher.web.crypto;

import dev.hearth.launcher.js.FunctionRuntime;
import dev.hearth.launcher.js.HostApi;
import java.nio.ByteBuffer;
import java.util.Map;
import org.graalvm.polyglot.Value;
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
        // (hash, password, salt, iterations, bits)
        put(host, "subtle.pbkdf2", args -> CryptoOperations.pbkdf2(args[0].asString(), bytes(args[1]), bytes(args[2]),
                args[3].asInt(), args[4].asInt()));
        // (hash, keyMaterial, salt, info, bits)
        put(host, "subtle.hkdf", args -> CryptoOperations.hkdf(args[0].asString(), bytes(args[1]), bytes(args[2]),
                bytes(args[3]), args[4].asInt()));
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
        if (!arrayBuffer.hasBufferElements()) {
            throw new IllegalArgumentException("expected an ArrayBuffer, got " + arrayBuffer);
        }
        byte[] bytes = new byte[Math.toIntExact(arrayBuffer.getBufferSize())];
        arrayBuffer.readBuffer(0, bytes, 0, bytes.length);
        return bytes;
    }
}
