package dev.hearth.launcher.js;

import java.util.Map;

/**
 * The Java half of one web API: the host functions its JS file (see {@link Prelude}) calls.
 * Each API puts its functions into the shared host map under names of its own (prefix them
 * with the API's name, e.g. {@code url.parse}), as {@code ProxyExecutable}s or plain values:
 * the sandbox gives the guest no other way into Java.
 */
public interface HostApi {

    /** Adds this API's host functions for one function runtime. */
    void install(Map<String, Object> host, FunctionRuntime runtime);
}
