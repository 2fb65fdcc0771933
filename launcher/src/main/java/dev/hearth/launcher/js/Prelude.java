package dev.hearth.launcher.js;

import dev.hearth.launcher.web.encoding.EncodingHost;
import dev.hearth.launcher.web.fetch.FetchHost;
import dev.hearth.launcher.web.url.UrlHost;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.graalvm.polyglot.Source;

/**
 * The web APIs a function sees, in the order they are installed: each a JS file under
 * {@code resources/dev/hearth/launcher/js/api/} evaluating to {@code function (host, internal)},
 * with an optional Java half ({@link HostApi}). Later files may use what earlier ones put on
 * {@code internal}. To add an API: add its file and, if it needs Java, its HostApi here.
 */
final class Prelude {

    /** One API: its JS file (in api/) and its host functions, if any. */
    record Api(String file, HostApi host) {}

    static final List<Api> APIS = List.of(
            new Api("core.js", new CoreHost()),
            new Api("dom-exception.js", null),
            new Api("events.js", null),
            new Api("abort.js", new AbortHost()),
            new Api("performance.js", new PerformanceHost()),
            new Api("crypto.js", new CryptoHost()),
            new Api("subtle.js", new dev.hearth.launcher.web.crypto.SubtleCryptoHost()),
            new Api("url.js", new UrlHost()),
            new Api("structured-clone.js", null),
            new Api("message-channel.js", null),
            new Api("encoding.js", new EncodingHost()),
            new Api("streams.js", null),
            new Api("stdin.js", new StdinHost()),
            new Api("blob.js", null),
            new Api("formdata.js", null),
            new Api("headers.js", null),
            new Api("request-response.js", null),
            new Api("fetch.js", new FetchHost()),
            new Api("commonjs.js", new CommonJsHost()),
            // last: serving uses Request/Response, events (the fetch-event form) and AbortController
            new Api("serve.js", new dev.hearth.launcher.http.FetchService()));

    /** The parsed files, in order; parsed once per JVM and shared by every context of the engine. */
    static final List<Source> SOURCES = APIS.stream().map(api -> load(api.file())).toList();

    private Prelude() {}

    private static Source load(String file) {
        String resource = "api/" + file;
        try (InputStream in = Prelude.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the launcher jar");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return Source.newBuilder("js", text, "hearth:" + file).internal(true).buildLiteral();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + " from the launcher jar", e);
        }
    }
}
