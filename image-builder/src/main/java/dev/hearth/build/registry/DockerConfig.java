package dev.hearth.build.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Registry credentials from docker's {@code config.json} ({@code $DOCKER_CONFIG/config.json},
 * else {@code ~/.docker/config.json}), as written by {@code docker login}, {@code nerdctl login}
 * and {@code skopeo login --authfile}: {@code {"auths": {"<registry>": {"auth": base64("user:pass")}}}}
 * (or {@code username} and {@code password} fields). Keys may carry a scheme and path
 * ({@code https://index.docker.io/v1/}); they are compared by host[:port]. Credential helpers
 * ({@code credsStore}, {@code credHelpers}) are programs hearth does not run.
 */
public final class DockerConfig {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Path file;
    private final JsonNode auths;
    private final boolean usesHelpers;

    private DockerConfig(Path file, JsonNode auths, boolean usesHelpers) {
        this.file = file;
        this.auths = auths;
        this.usesHelpers = usesHelpers;
    }

    /** The config file the environment names: {@code $DOCKER_CONFIG/config.json}, else {@code $HOME/.docker/config.json}. */
    public static Path location(Function<String, String> environment) {
        String dir = environment.apply("DOCKER_CONFIG");
        if (dir != null && !dir.isBlank()) return Path.of(dir, "config.json");
        String home = environment.apply("HOME");
        return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".docker", "config.json");
    }

    /** Reads {@code file}; a missing file is an empty config, a broken one an error. */
    public static DockerConfig read(Path file) throws RegistryException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new DockerConfig(file, MAPPER.createObjectNode(), false);
        } catch (IOException e) {
            throw new RegistryException("cannot read " + file + ": " + e.getMessage(), e);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new RegistryException(file + ": not valid JSON", e);
        }
        if (root == null || !root.isObject()) throw new RegistryException(file + ": not a JSON object");
        JsonNode auths = root.path("auths");
        boolean helpers = root.hasNonNull("credsStore") || root.path("credHelpers").size() > 0;
        return new DockerConfig(file, auths.isObject() ? auths : MAPPER.createObjectNode(), helpers);
    }

    public Path file() { return file; }

    /** Whether the file delegates credentials to helper programs, which hearth does not run. */
    public boolean usesCredentialHelpers() { return usesHelpers; }

    /**
     * The credentials stored for {@code registry} (host[:port] as in an image name; {@code docker.io}
     * also finds docker's {@code https://index.docker.io/v1/} key).
     */
    public Optional<Credentials> credentials(String registry) throws RegistryException {
        String wanted = aliasOf(registry);
        for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!aliasOf(hostOf(entry.getKey())).equals(wanted)) continue;
            Optional<Credentials> found = decode(entry.getKey(), entry.getValue());
            if (found.isPresent()) return found;
        }
        return Optional.empty();
    }

    private Optional<Credentials> decode(String key, JsonNode entry) throws RegistryException {
        String auth = entry.path("auth").asText("");
        if (!auth.isEmpty()) {
            String pair;
            try {
                pair = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new RegistryException(file + ": auths." + key + ".auth is not base64", e);
            }
            int colon = pair.indexOf(':');
            if (colon < 0) throw new RegistryException(file + ": auths." + key + ".auth does not decode to user:password");
            return Optional.of(new Credentials(pair.substring(0, colon), pair.substring(colon + 1)));
        }
        String user = entry.path("username").asText("");
        if (!user.isEmpty()) return Optional.of(new Credentials(user, entry.path("password").asText("")));
        return Optional.empty();
    }

    /** host[:port] of a config key: without scheme and path. */
    static String hostOf(String key) {
        String host = key.strip();
        int scheme = host.indexOf("://");
        if (scheme >= 0) host = host.substring(scheme + 3);
        int slash = host.indexOf('/');
        return slash >= 0 ? host.substring(0, slash) : host;
    }

    /** Docker Hub is known under several names. */
    private static String aliasOf(String host) {
        return switch (host) {
            case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> "docker.io";
            default -> host;
        };
    }
}
