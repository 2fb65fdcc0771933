package dev.hearth.launcher.web.encoding;

import dev.hearth.launcher.js.FunctionRuntime;
import dev.hearth.launcher.js.HostApi;
import java.util.Map;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * Java half of {@code api/encoding.js}: label lookup, decoders (TextDecoder) and base64 (atob,
 * btoa). Decoding is here rather than in JS because GraalJS usually runs interpreted, where a
 * byte loop in JS costs far more than one bulk copy of the bytes into Java plus a Java loop.
 * (Encoding is not here: the result must be a JS Uint8Array, and GraalJS's own TextEncoder,
 * which encoding.js wraps, makes one in Java directly.)
 */
public final class EncodingHost implements HostApi {

    @Override
    public void install(Map<String, Object> host, FunctionRuntime runtime) {
        host.put("encoding.nameOf", (ProxyExecutable) args -> EncodingTables.standard().nameOf(args[0].asString()));
        host.put("encoding.decoder", (ProxyExecutable) args -> {
            try {
                TextDecoderState state = Encodings.textDecoder(args[0].asString(), args[1].asBoolean(), args[2].asBoolean());
                return decodeFunction(state);
            } catch (Encodings.UnsupportedEncodingError e) {
                return e.getMessage(); // JS turns a string answer into a RangeError
            }
        });
        host.put("encoding.atob", (ProxyExecutable) args -> ForgivingBase64.decode(args[0].asString()));
        host.put("encoding.btoa", (ProxyExecutable) args -> ForgivingBase64.encode(args[0].asString()));
    }

    /**
     * (buffer, byteOffset, byteLength, stream) -> the decoded string, or null when a fatal
     * decoder met invalid data. {@code buffer} is an ArrayBuffer or SharedArrayBuffer.
     */
    private static ProxyExecutable decodeFunction(TextDecoderState state) {
        return args -> {
            int length = args[2].asInt();
            byte[] bytes = new byte[length];
            if (length > 0) args[0].readBuffer(args[1].asLong(), bytes, 0, length);
            try {
                return state.decode(bytes, 0, length, args[3].asBoolean());
            } catch (ByteDecoder.MalformedInputError e) {
                return null;
            }
        };
    }
}
