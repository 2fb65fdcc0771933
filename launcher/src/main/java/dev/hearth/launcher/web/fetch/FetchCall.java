package dev.hearth.launcher.web.fetch;

import dev.hearth.launcher.js.EventLoop;
import dev.hearth.launcher.web.JsBytes;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;

/**
 * One fetch(): sends the request (following redirects as the request's redirect mode says),
 * reports the final response's head, then hands out its body a chunk per {@code read}.
 *
 * <p>Threads: {@link #start()}, {@code read} and {@code abort} run on the loop thread; the HTTP
 * client completes on its own threads and only {@link EventLoop#submit submits} tasks. The loop
 * is held while the head is awaited and while a read is outstanding, never in between: a
 * response whose body nobody reads does not keep the function alive.
 */
final class FetchCall {

    /** What fetch.js asked for. */
    record Request(String method, String url, List<String> headers, RequestBody body, String redirect) {}

    /** A request body: all bytes up front, or pulled from a JS stream while sending. */
    sealed interface RequestBody {
        record Bytes(byte[] bytes) implements RequestBody {}

        record Streamed(StreamedBodyPublisher publisher) implements RequestBody {}
    }

    private static final int MAX_REDIRECTS = 20;
    private static final Set<Integer> REDIRECT_STATUSES = Set.of(301, 302, 303, 307, 308);
    /** Headers HttpClient refuses or computes itself. */
    private static final Set<String> NOT_SENT = Set.of("connection", "content-length", "expect", "host",
            "upgrade", "transfer-encoding", "keep-alive");
    private static final Set<String> REQUEST_BODY_HEADERS = Set.of("content-encoding", "content-language",
            "content-location", "content-type");

    private final HttpClient client;
    private final EventLoop loop;
    private final Request request;
    private final Value allocate;
    private final Value onHead;
    private final Value onError;
    private EventLoop.Hold headHold;
    private volatile boolean aborted;
    private volatile CompletableFuture<?> inFlight;
    private ResponseBody body; // loop thread

    FetchCall(HttpClient client, EventLoop loop, Request request, Value allocate, Value onHead, Value onError) {
        this.client = client;
        this.loop = loop;
        this.request = request;
        this.allocate = allocate;
        this.onHead = onHead;
        this.onError = onError;
    }

    /** Starts sending; returns the call's JS face ({@code read}, {@code abort}). Loop thread. */
    ProxyObject start() {
        headHold = loop.hold();
        URI uri;
        try {
            uri = toUri(request.url());
        } catch (URISyntaxException e) {
            failHead("invalid URL " + request.url() + ": " + e.getReason());
            return face();
        }
        send(uri, request.method(), request.headers(), request.body(), 0);
        return face();
    }

    private ProxyObject face() {
        return ProxyObject.fromMap(Map.of(
                "read", (ProxyExecutable) args -> {
                    read(args[0], args[1], args[2]);
                    return null;
                },
                "abort", (ProxyExecutable) args -> {
                    abort();
                    return null;
                }));
    }

    private void send(URI uri, String method, List<String> headers, RequestBody requestBody, int redirects) {
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(uri);
        } catch (IllegalArgumentException e) {
            failHead("cannot fetch " + uri + ": " + e.getMessage());
            return;
        }
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            builder.version(HttpClient.Version.HTTP_1_1); // no h2c upgrade dance with plain HTTP servers
        }
        boolean userAgent = false;
        boolean accept = false;
        boolean acceptEncoding = false;
        for (int i = 0; i + 1 < headers.size(); i += 2) {
            String name = headers.get(i).toLowerCase(Locale.ROOT);
            if (NOT_SENT.contains(name)) continue;
            userAgent |= name.equals("user-agent");
            accept |= name.equals("accept");
            acceptEncoding |= name.equals("accept-encoding");
            try {
                builder.header(headers.get(i), headers.get(i + 1));
            } catch (IllegalArgumentException e) {
                failHead("header " + name + " cannot be sent: " + e.getMessage());
                return;
            }
        }
        if (!userAgent) builder.header("User-Agent", "hearth");
        if (!accept) builder.header("Accept", "*/*");
        if (!acceptEncoding) builder.header("Accept-Encoding", "gzip, deflate"); // decoded in ResponseBody
        HttpRequest.BodyPublisher publisher = switch (requestBody) {
            case null -> HttpRequest.BodyPublishers.noBody();
            case RequestBody.Bytes bytes -> HttpRequest.BodyPublishers.ofByteArray(bytes.bytes());
            case RequestBody.Streamed streamed -> streamed.publisher();
        };
        builder.method(method, publisher);
        CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> future =
                client.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofPublisher());
        inFlight = future;
        future.whenComplete((response, error) -> {
            if (aborted) {
                if (response != null) discard(response);
                return;
            }
            if (error != null) {
                failHead(describe(error));
                return;
            }
            onResponse(uri, method, headers, requestBody, redirects, response);
        });
    }

    // HTTP client thread.
    private void onResponse(URI uri, String method, List<String> headers, RequestBody requestBody, int redirects,
            HttpResponse<Flow.Publisher<List<ByteBuffer>>> response) {
        int status = response.statusCode();
        String location = response.headers().firstValue("location").orElse(null);
        if (REDIRECT_STATUSES.contains(status) && location != null && !request.redirect().equals("manual")) {
            discard(response);
            if (request.redirect().equals("error")) {
                failHead("redirect mode is 'error' but " + uri + " redirected (" + status + ") to " + location);
                return;
            }
            if (redirects >= MAX_REDIRECTS) {
                failHead("too many redirects (more than " + MAX_REDIRECTS + ") starting at " + request.url());
                return;
            }
            URI next;
            try {
                next = uri.resolve(toUri(location));
            } catch (URISyntaxException | IllegalArgumentException e) {
                failHead("invalid redirect location " + location + " from " + uri);
                return;
            }
            String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                failHead("redirect from " + uri + " to a URL that is not HTTP(S): " + next);
                return;
            }
            String nextMethod = method;
            RequestBody nextBody = requestBody;
            List<String> nextHeaders = new ArrayList<>(headers);
            if ((status == 303 && !method.equals("GET") && !method.equals("HEAD"))
                    || ((status == 301 || status == 302) && method.equals("POST"))) {
                nextMethod = "GET";
                nextBody = null;
                removeHeaders(nextHeaders, REQUEST_BODY_HEADERS);
            }
            if (nextBody instanceof RequestBody.Streamed) {
                failHead("cannot follow the redirect (" + status + ") to " + next + ": the request body was a stream and is gone");
                return;
            }
            if (!sameOrigin(uri, next)) {
                removeHeaders(nextHeaders, Set.of("authorization"));
            }
            send(next, nextMethod, nextHeaders, nextBody, redirects + 1);
            return;
        }
        List<String> pairs = new ArrayList<>();
        response.headers().map().forEach((name, values) -> {
            if (name.startsWith(":")) return; // HTTP/2 pseudo-headers
            for (String value : values) {
                pairs.add(name.toLowerCase(Locale.ROOT));
                pairs.add(value);
            }
        });
        ResponseBody responseBody = new ResponseBody(loop, allocate,
                ContentDecoder.forEncoding(response.headers().firstValue("content-encoding").orElse(null)));
        response.body().subscribe(responseBody);
        String finalUrl = uri.toString();
        boolean redirected = redirects > 0;
        loop.submit(() -> {
            try {
                if (aborted) {
                    responseBody.cancel();
                    return;
                }
                body = responseBody;
                onHead.execute(status, ProxyArray.fromList(new ArrayList<>(pairs)), finalUrl, redirected);
            } finally {
                headHold.release();
            }
        });
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme())
                && String.valueOf(a.getHost()).equalsIgnoreCase(String.valueOf(b.getHost()))
                && effectivePort(a) == effectivePort(b);
    }

    private static int effectivePort(URI uri) {
        if (uri.getPort() >= 0) return uri.getPort();
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static void removeHeaders(List<String> pairs, Set<String> names) {
        for (int i = pairs.size() - 2; i >= 0; i -= 2) {
            if (names.contains(pairs.get(i).toLowerCase(Locale.ROOT))) {
                pairs.remove(i + 1);
                pairs.remove(i);
            }
        }
    }

    private static void discard(HttpResponse<Flow.Publisher<List<ByteBuffer>>> response) {
        response.body().subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.cancel();
            }

            @Override
            public void onNext(List<ByteBuffer> item) {}

            @Override
            public void onError(Throwable throwable) {}

            @Override
            public void onComplete() {}
        });
    }

    /** Reports a failure before the head arrived (any thread). */
    private void failHead(String message) {
        loop.submit(() -> {
            try {
                if (!aborted) onError.execute(message);
            } finally {
                headHold.release();
            }
        });
    }

    private void read(Value onChunk, Value onEnd, Value onReadError) {
        if (body == null) {
            onReadError.execute("the response has no body to read");
            return;
        }
        body.read(onChunk, onEnd, onReadError);
    }

    /** Cancels the exchange: the head never arrives, or the body stops. Loop thread. */
    private void abort() {
        if (aborted) return;
        aborted = true;
        CompletableFuture<?> future = inFlight;
        if (future != null) future.cancel(true);
        if (body != null) body.cancel();
        headHold.release();
    }

    private static String describe(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof java.util.concurrent.CompletionException || cause.getMessage() == null)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        String kind = cause.getClass().getSimpleName();
        return message == null ? kind : kind + ": " + message;
    }

    /**
     * A java.net.URI for a WHATWG-serialised URL (or a Location value). WHATWG leaves some
     * characters raw that RFC 2396 (java.net.URI) refuses, such as {@code { } | ^ ` [ ]} in a path or
     * query, a stray {@code %} or a space in a Location; they are percent-encoded here, which
     * servers read as the same characters.
     */
    static URI toUri(String url) throws URISyntaxException {
        int authorityEnd = -1;
        int scheme = url.indexOf("://");
        if (scheme >= 0) {
            int slash = url.indexOf('/', scheme + 3);
            int query = url.indexOf('?', scheme + 3);
            int hash = url.indexOf('#', scheme + 3);
            authorityEnd = url.length();
            for (int end : new int[] {slash, query, hash}) {
                if (end >= 0 && end < authorityEnd) authorityEnd = end;
            }
        }
        StringBuilder out = null;
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            boolean escape = switch (c) {
                case '{', '}', '|', '^', '`', '\\', '"', '<', '>', ' ' -> true;
                case '[', ']' -> i >= authorityEnd; // IPv6 brackets belong to the host only
                case '%' -> !(i + 2 < url.length() && isHex(url.charAt(i + 1)) && isHex(url.charAt(i + 2)));
                default -> c < 0x20 || c >= 0x7f;
            };
            if (escape && out == null) out = new StringBuilder(url.length() + 16).append(url, 0, i);
            if (out == null) continue;
            if (!escape) {
                out.append(c);
            } else if (c < 0x80) {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < url.length() ? i + 2 : i + 1;
                for (byte b : url.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 15, 16)))
                            .append(Character.toUpperCase(Character.forDigit(b & 15, 16)));
                }
                i = end - 1;
            }
        }
        return new URI(out == null ? url : out.toString());
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    // ---- arguments from fetch.js ----

    static List<String> pairs(Value array) {
        List<String> out = new ArrayList<>((int) array.getArraySize());
        for (long i = 0; i < array.getArraySize(); i++) {
            out.add(array.getArrayElement(i).asString());
        }
        return out;
    }

    static RequestBody body(Value body, EventLoop loop) {
        if (body == null || body.isNull()) return null;
        if (body.hasMember("text")) {
            return new RequestBody.Bytes(body.getMember("text").asString().getBytes(StandardCharsets.UTF_8));
        }
        if (body.hasMember("buffer")) {
            return new RequestBody.Bytes(JsBytes.read(body.getMember("buffer"), body.getMember("offset").asLong(),
                    body.getMember("length").asInt()));
        }
        return new RequestBody.Streamed(new StreamedBodyPublisher(loop, body.getMember("pull")));
    }
}
