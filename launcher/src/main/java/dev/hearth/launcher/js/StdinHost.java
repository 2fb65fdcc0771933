package dev.hearth.launcher.js;

import java.nio.ByteBuffer;
import java.util.Map;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/** Host functions of stdin.js: one chunk of the function's stdin per call ({@link FunctionInput}). */
final class StdinHost implements HostApi {

    @Override
    public void install(Map<String, Object> host, FunctionRuntime runtime) {
        // read(onChunk(ArrayBuffer-like | null at the end), onError(message))
        host.put("stdin.read", (ProxyExecutable) args -> {
            Value onChunk = args[0];
            Value onError = args[1];
            runtime.input().read(runtime.loop(),
                    bytes -> onChunk.executeVoid(bytes == null ? null : ByteBuffer.wrap(bytes)),
                    onError::executeVoid);
            return null;
        });
        host.put("stdin.cancel", (ProxyExecutable) args -> {
            runtime.input().cancel();
            return null;
        });
    }
}
