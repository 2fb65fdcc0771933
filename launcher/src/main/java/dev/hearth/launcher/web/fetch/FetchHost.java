package dev.hearth.launcher.web.fetch;

import dev.hearth.launcher.js.EventLoop;
import dev.hearth.launcher.js.FunctionRuntime;
import dev.hearth.launcher.js.HostApi;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * The Java half of fetch.js: outbound HTTP(S) with {@link HttpClient}. One host function,
 * {@code fetch.send}, starts a {@link FetchCall}; everything it reports comes back as tasks on
 * the function's {@link EventLoop}, so no other thread touches the context.
 *
 * <pre>
 * fetch.send(method, url, headerPairs, body, redirect, allocate, onHead, onError) -> call
 *   body:      null | {text: string} | {buffer: ArrayBuffer, offset, length} | {pull: () => Promise<ArrayBuffer-view|null>}
 *   redirect:  'follow' | 'error' | 'manual'
 *   allocate:  n => ArrayBuffer(n), for response chunks
 *   onHead(status, headerPairs, finalUrl, redirected)   once, when the final response's head arrived
 *   onError(message)                                     instead of onHead
 *   call.read(onChunk(ArrayBuffer), onEnd(), onError(message))   the next piece of the body
 *   call.abort()                                         cancels the exchange (and the body)
 * </pre>
 */
public final class FetchHost implements HostApi {

    /** Shared by every function of this JVM: its selector thread and connection pool. */
    private static final class Client {
        static final HttpClient INSTANCE = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER) // fetch's own redirect modes, in FetchCall
                .connectTimeout(Duration.ofSeconds(30))
                .build();
    }

    @Override
    public void install(Map<String, Object> host, FunctionRuntime runtime) {
        EventLoop loop = runtime.loop();
        host.put("fetch.send", (ProxyExecutable) args -> {
            FetchCall.Request request = new FetchCall.Request(
                    args[0].asString(), args[1].asString(), FetchCall.pairs(args[2]),
                    FetchCall.body(args[3], loop), args[4].asString());
            Value allocate = args[5];
            Value onHead = args[6];
            Value onError = args[7];
            return new FetchCall(Client.INSTANCE, loop, request, allocate, onHead, onError).start();
        });
    }
}
