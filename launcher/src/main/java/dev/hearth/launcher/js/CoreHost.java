package dev.hearth.launcher.js;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/** Host functions of core.js: output, timers, uncaught errors and the environment. */
final class CoreHost implements HostApi {

    @Override
    public void install(Map<String, Object> host, FunctionRuntime runtime) {
        EventLoop loop = runtime.loop();
        host.put("write", (ProxyExecutable) args -> {
            runtime.output(args[0].asInt()).write(args[1].asString());
            return null;
        });
        host.put("setTimer", (ProxyExecutable) args -> {
            Value callback = args[0];
            return loop.setTimer(args[1].asLong(), args[2].asLong(), callback::executeVoid);
        });
        host.put("clearTimer", (ProxyExecutable) args -> {
            loop.clearTimer(args[0].asInt());
            return null;
        });
        host.put("exit", (ProxyExecutable) args -> {
            runtime.exit(args[0].asInt());
            return null;
        });
        host.put("setExitCode", (ProxyExecutable) args -> {
            runtime.exitCodeOnEnd(args[0].asInt());
            return null;
        });
        host.put("reportError", (ProxyExecutable) args -> {
            loop.fail(new UncaughtJsError(args[0], false));
            return null;
        });
        host.put("rejection", (ProxyExecutable) args -> {
            loop.fail(new UncaughtJsError(args[0], true));
            return null;
        });
        // A function, not the pairs: a pre-created context gets its environment at bind, when
        // core.js's internal.bindEnvironment (and serve.js, later) call it.
        host.put("env", (ProxyExecutable) args -> {
            List<Object> pairs = new ArrayList<>(runtime.env().size() * 2);
            runtime.env().forEach((key, value) -> {
                pairs.add(key);
                pairs.add(value);
            });
            return ProxyArray.fromList(pairs);
        });
    }
}
