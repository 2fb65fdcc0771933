package dev.hearth.launcher.js;

import java.util.Map;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * Host half of abort.js: the timer of {@code AbortSignal.timeout}, which fires only while the
 * function is running anyway. A pending timeout signal does not keep a finished script alive
 * (as in Deno and Node), so the timer does not hold the event loop.
 */
final class AbortHost implements HostApi {

    @Override
    public void install(Map<String, Object> host, FunctionRuntime runtime) {
        EventLoop loop = runtime.loop();
        host.put("abort.setTimeout", (ProxyExecutable) args -> {
            Value callback = args[0];
            return loop.setTimer(args[1].asLong(), 0, callback::executeVoid, false);
        });
    }
}
