package dev.hearth.build.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a stand-in registry (JDK HttpServer) that wants a Bearer token or Basic auth. */
class RegistryClientTest {
    private HttpServer server;
    private String registry;
    private final List<String> tokenQueries = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        registry = "127.0.0.1:" + server.getAddress().getPort();
        String basic = new Credentials("u", "p").basicAuthorization();
        // /v2/bearer/...: wants the token the realm hands out for u:p.
        server.createContext("/v2/bearer/", ex -> {
            if ("Bearer tok-123".equals(ex.getRequestHeaders().getFirst("Authorization"))) reply(ex, 200, "{}");
            else challenge(ex, "Bearer realm=\"http://" + registry + "/token\",service=\"test-registry\",scope=\"repository:bearer:pull\"");
        });
        server.createContext("/token", ex -> {
            tokenQueries.add(URLDecoder.decode(ex.getRequestURI().getRawQuery(), StandardCharsets.UTF_8));
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (basic.equals(auth)) reply(ex, 200, "{\"access_token\":\"tok-123\"}");
            else if (auth == null) reply(ex, 200, "{\"token\":\"anonymous\"}"); // like Docker Hub: a token without push rights
            else reply(ex, 401, "{\"details\":\"bad credentials\"}");
        });
        // /v2/basic/...: wants u:p directly.
        server.createContext("/v2/basic/", ex -> {
            if (basic.equals(ex.getRequestHeaders().getFirst("Authorization"))) reply(ex, 200, "{}");
            else challenge(ex, "Basic realm=\"basic-realm\"");
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void challenge(HttpExchange ex, String header) throws IOException {
        ex.getResponseHeaders().add("WWW-Authenticate", header);
        reply(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}");
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private RegistryClient client(Optional<Credentials> credentials) {
        return new RegistryClient(registry, RegistryClient.baseUri(registry, false), credentials, "/cfg/config.json");
    }

    private static HttpRequest.Builder get(RegistryClient c, String path) {
        return HttpRequest.newBuilder(c.resolve(path)).GET();
    }

    @Test
    void bearerTokenIsFetchedWithBasicCredentialsForTheScopesAndReused() throws Exception {
        RegistryClient c = client(Optional.of(new Credentials("u", "p")));
        c.requireScopes(List.of("repository:bearer:pull,push", "repository:other:pull"));
        assertEquals(200, c.send(get(c, "/v2/bearer/blobs/x"), "check").statusCode());
        assertEquals(200, c.send(get(c, "/v2/bearer/blobs/y"), "check").statusCode());
        assertEquals(List.of("service=test-registry&scope=repository:bearer:pull,push&scope=repository:other:pull"
                + "&scope=repository:bearer:pull"), tokenQueries, "one token, for every scope asked for");
    }

    @Test
    void refusedOrMissingCredentialsAreOneClearMessage() {
        RegistryClient wrong = client(Optional.of(new Credentials("u", "wrong")));
        assertEquals("registry " + registry + " refused the credentials of user u (token service 127.0.0.1 answered 401)",
                assertThrows(RegistryException.class, () -> wrong.send(get(wrong, "/v2/bearer/x"), "check blob x")).getMessage());
        RegistryClient none = client(Optional.empty());
        assertEquals("registry " + registry + " requires a login for check blob x, and /cfg/config.json has no credentials for it",
                assertThrows(RegistryException.class, () -> none.send(get(none, "/v2/basic/x"), "check blob x")).getMessage());
        RegistryClient anonymous = client(Optional.empty());
        assertEquals("registry " + registry + " requires a login for check blob x, and /cfg/config.json has no credentials for it",
                assertThrows(RegistryException.class, () -> anonymous.send(get(anonymous, "/v2/bearer/x"), "check blob x")).getMessage(),
                "an anonymous token that the registry does not accept");
        RegistryClient badBasic = client(Optional.of(new Credentials("u", "nope")));
        assertEquals("registry " + registry + " refused the credentials of user u for check blob x (UNAUTHORIZED: authentication required)",
                assertThrows(RegistryException.class, () -> badBasic.send(get(badBasic, "/v2/basic/x"), "check blob x")).getMessage());
    }

    @Test
    void basicAuthWithStoredCredentials() throws Exception {
        RegistryClient c = client(Optional.of(new Credentials("u", "p")));
        assertEquals(200, c.send(get(c, "/v2/basic/x"), "check").statusCode());
        assertTrue(tokenQueries.isEmpty());
    }

    @Test
    void aRegistryThatIsDownIsNamed() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String down = "127.0.0.1:" + port;
        RegistryClient c = new RegistryClient(down, RegistryClient.baseUri(down, false), Optional.empty(), "cfg");
        assertEquals("cannot reach registry " + down + " at http://" + down + ": connection refused",
                assertThrows(RegistryException.class, () -> c.send(get(c, "/v2/"), "ping")).getMessage());
    }

    @Test
    void httpsExceptForLoopbackOrWhenInsecure() {
        assertEquals(URI.create("https://registry-1.docker.io/"), RegistryClient.baseUri("docker.io", false));
        assertEquals(URI.create("https://ghcr.io/"), RegistryClient.baseUri("ghcr.io", false));
        assertEquals(URI.create("http://ghcr.io/"), RegistryClient.baseUri("ghcr.io", true));
        assertEquals(URI.create("http://localhost:5000/"), RegistryClient.baseUri("localhost:5000", false));
        assertEquals(URI.create("http://127.0.0.1:5000/"), RegistryClient.baseUri("127.0.0.1:5000", false));
        assertEquals(URI.create("http://[::1]:5000/"), RegistryClient.baseUri("[::1]:5000", false));
        assertFalse(RegistryClient.isLoopback("localhost.example.com"));
        assertFalse(RegistryClient.isLoopback("1270.0.0.1"));
    }
}
