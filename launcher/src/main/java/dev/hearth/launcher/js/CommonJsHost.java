package dev.hearth.launcher.js;

import java.io.IOException;
import java.util.Map;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * Host functions of commonjs.js: where require() finds a module, a module's text (JSON), and a
 * CommonJS file compiled in the function's context as the function the loader calls. Failures
 * come back as a message string (commonjs.js throws it as node's error).
 */
final class CommonJsHost implements HostApi {

    @Override
    public void install(Map<String, Object> host, FunctionRuntime runtime) {
        // (specifier, fromDir) -> [path] | message
        host.put("cjs.resolve", (ProxyExecutable) args -> {
            try {
                return ProxyArray.fromArray(runtime.commonJs().resolve(args[0].asString(), args[1].asString()));
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        });
        // (path) -> [text] | message
        host.put("cjs.read", (ProxyExecutable) args -> {
            try {
                return ProxyArray.fromArray(runtime.commonJs().read(args[0].asString()));
            } catch (IOException e) {
                return "cannot read " + args[0].asString() + ": " + e.getMessage();
            }
        });
        // (path, text) -> function (exports, require, module, __filename, __dirname)
        host.put("cjs.compile", (ProxyExecutable) args -> runtime.compileCommonJs(args[0].asString(), args[1].asString()));
    }
}
