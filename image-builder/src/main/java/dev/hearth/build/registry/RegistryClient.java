package dev.hearth.build.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * HTTP to one registry's {@code /v2/} API with the authentication registries ask for: a request
 * answered 401 is retried once with what the {@code WWW-Authenticate} challenge wants, either
 * HTTP Basic with the stored credentials or a Bearer token fetched from the challenge's realm
 * (docker's token protocol: {@code GET realm?service=..&scope=..}, Basic credentials when there
 * are any, anonymous otherwise). The token is kept for the following requests.
 */
public final class RegistryClient {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final String registry;
    private final URI base;
    private final Optional<Credentials> credentials;
    private final String credentialSource;
    private final HttpClient http;
    private final Set<String> scopes = new LinkedHashSet<>();
    private String authorization;

    /**
     * @param registry host[:port] as in image names (for messages)
     * @param base the registry's root, {@code https://host[:port]/}
     * @param credentialSource where credentials were looked up (for messages)
     */
    public RegistryClient(String registry, URI base, Optional<Credentials> credentials, String credentialSource) {
        this.registry = registry;
        this.base = base;
        this.credentials = credentials;
        this.credentialSource = credentialSource;
        // HTTP/1.1: registries speak it everywhere, and plain-HTTP ones do not expect an h2c upgrade.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /**
     * The root URI of a registry: HTTPS, or plain HTTP when {@code insecure} or the host is the
     * loopback ({@code localhost}, {@code 127.x.x.x}, {@code [::1]}), which docker also treats
     * as an insecure registry. Docker Hub's API lives on registry-1.docker.io.
     */
    public static URI baseUri(String registry, boolean insecure) {
        String host = registry.equals("docker.io") ? "registry-1.docker.io" : registry;
        return URI.create((insecure || isLoopback(registry) ? "http" : "https") + "://" + host + "/");
    }

    static boolean isLoopback(String registry) {
        String host = registry.startsWith("[") ? registry.substring(0, registry.indexOf(']') + 1)
                : registry.replaceFirst(":\\d+$", "");
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }

    public String registry() { return registry; }

    public URI base() { return base; }

    /** Scopes asked for with the next token, e.g. {@code repository:fn:pull,push}. */
    public void requireScopes(List<String> more) {
        scopes.addAll(more);
    }

    /** {@code path} (e.g. {@code /v2/fn/blobs/uploads/}) or an absolute Location resolved against the registry. */
    public URI resolve(String pathOrLocation) {
        return base.resolve(pathOrLocation);
    }

    /**
     * Sends {@code request} (without Authorization), authenticating when the registry asks for it.
     * {@code what} says what the request does, for messages ("upload sha256:...").
     */
    public HttpResponse<String> send(HttpRequest.Builder request, String what) throws RegistryException {
        HttpResponse<String> response = sendOnce(request, what);
        if (response.statusCode() != 401) return response;
        authenticate(response, what);
        response = sendOnce(request, what);
        if (response.statusCode() == 401) {
            if (credentials.isEmpty()) // e.g. an anonymous token that does not cover push
                throw new RegistryException("registry " + registry + " requires a login for " + what + ", and "
                        + credentialSource + " has no credentials for it");
            throw new RegistryException("registry " + registry + " refused the credentials" + whose() + " for " + what + errors(response));
        }
        return response;
    }

    private HttpResponse<String> sendOnce(HttpRequest.Builder request, String what) throws RegistryException {
        HttpRequest.Builder copy = request.copy();
        if (authorization != null) copy.setHeader("Authorization", authorization);
        return exchange(copy.build(), what);
    }

    private HttpResponse<String> exchange(HttpRequest request, String what) throws RegistryException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new RegistryException("cannot reach registry " + registry + " at " + request.uri().getScheme() + "://"
                    + request.uri().getAuthority() + ": " + (e instanceof ConnectException ? "connection refused" : "connect timed out"), e);
        } catch (SSLException e) {
            throw new RegistryException("TLS with registry " + registry + " failed (" + e.getMessage()
                    + "); if it serves plain HTTP, give --insecure-registry", e);
        } catch (IOException e) {
            throw new RegistryException("cannot " + what + " at registry " + registry + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while talking to registry " + registry, e);
        }
    }

    private void authenticate(HttpResponse<String> unauthorized, String what) throws RegistryException {
        String header = unauthorized.headers().firstValue("WWW-Authenticate").orElse(null);
        if (header == null)
            throw new RegistryException("registry " + registry + " answered 401 to " + what + " without saying how to authenticate");
        AuthChallenge challenge;
        try {
            challenge = AuthChallenge.parse(header);
        } catch (IllegalArgumentException e) {
            throw new RegistryException("registry " + registry + " sent a malformed challenge: " + e.getMessage(), e);
        }
        if (challenge.isBasic()) {
            authorization = credentials.orElseThrow(() -> new RegistryException("registry " + registry
                    + " requires a login for " + what + ", and " + credentialSource + " has no credentials for it")).basicAuthorization();
        } else if (challenge.isBearer()) {
            authorization = "Bearer " + fetchToken(challenge, what);
        } else {
            throw new RegistryException("registry " + registry + " wants authentication scheme " + challenge.scheme()
                    + ", which hearth does not speak (Basic and Bearer only)");
        }
    }

    /** Docker's token protocol: GET realm?service=..&scope=.. answers {"token": ...} or {"access_token": ...}. */
    private String fetchToken(AuthChallenge challenge, String what) throws RegistryException {
        String realm = challenge.parameter("realm");
        if (realm == null || realm.isBlank())
            throw new RegistryException("registry " + registry + " sent a Bearer challenge without a realm");
        List<String> query = new ArrayList<>();
        if (challenge.parameter("service") != null) query.add("service=" + encode(challenge.parameter("service")));
        Set<String> wanted = new LinkedHashSet<>(scopes);
        if (challenge.parameter("scope") != null) wanted.add(challenge.parameter("scope"));
        for (String scope : wanted) query.add("scope=" + encode(scope));
        URI uri = URI.create(realm + (query.isEmpty() ? "" : (realm.contains("?") ? "&" : "?") + String.join("&", query)));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(Duration.ofSeconds(60));
        credentials.ifPresent(c -> request.header("Authorization", c.basicAuthorization()));
        HttpResponse<String> response = exchange(request.build(), "get a token");
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            if (credentials.isEmpty())
                throw new RegistryException("registry " + registry + " requires a login for " + what + ", and "
                        + credentialSource + " has no credentials for it");
            throw new RegistryException("registry " + registry + " refused the credentials" + whose()
                    + " (token service " + uri.getHost() + " answered " + response.statusCode() + ")");
        }
        if (response.statusCode() != 200)
            throw new RegistryException("token service of registry " + registry + " answered " + response.statusCode() + errors(response));
        try {
            JsonNode body = MAPPER.readTree(response.body());
            String token = body.path("token").asText(body.path("access_token").asText(""));
            if (token.isEmpty()) throw new RegistryException("token service of registry " + registry + " sent no token");
            return token;
        } catch (IOException e) {
            throw new RegistryException("token service of registry " + registry + " sent no JSON", e);
        }
    }

    private String whose() {
        return credentials.map(c -> " of user " + c.username()).orElse("");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** " (CODE: message)" from the registry's JSON error body, when it sent one. */
    public static String errors(HttpResponse<String> response) {
        try {
            JsonNode first = MAPPER.readTree(response.body()).path("errors").path(0);
            if (first.isMissingNode()) return "";
            return " (" + first.path("code").asText("?") + ": " + first.path("message").asText("") + ")";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
