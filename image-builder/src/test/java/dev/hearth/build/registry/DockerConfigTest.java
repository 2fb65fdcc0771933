package dev.hearth.build.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigTest {
    @TempDir Path tmp;

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private DockerConfig config(String json) throws Exception {
        Path file = tmp.resolve("config.json");
        Files.writeString(file, json);
        return DockerConfig.read(file);
    }

    @Test
    void locationFollowsDockerConfigThenHome() {
        assertEquals(Path.of("/etc/dc/config.json"), DockerConfig.location(Map.of("DOCKER_CONFIG", "/etc/dc", "HOME", "/h")::get));
        assertEquals(Path.of("/h/.docker/config.json"), DockerConfig.location(Map.of("HOME", "/h")::get));
    }

    @Test
    void authIsBase64UserColonPasswordAndKeysAreComparedByHost() throws Exception {
        DockerConfig c = config("{\"auths\":{"
                + "\"https://index.docker.io/v1/\":{\"auth\":\"" + b64("hub:secret") + "\"},"
                + "\"http://127.0.0.1:5000\":{\"auth\":\"" + b64("me:pa:ss") + "\"},"
                + "\"example.com\":{\"username\":\"u\",\"password\":\"p\"},"
                + "\"empty.example\":{}}}");
        assertEquals(Optional.of(new Credentials("hub", "secret")), c.credentials("docker.io"));
        assertEquals(Optional.of(new Credentials("me", "pa:ss")), c.credentials("127.0.0.1:5000"), "only the first colon separates");
        assertEquals(Optional.of(new Credentials("u", "p")), c.credentials("example.com"));
        assertEquals(Optional.empty(), c.credentials("127.0.0.1:5001"), "the port is part of the name");
        assertEquals(Optional.empty(), c.credentials("empty.example"));
        assertFalse(c.usesCredentialHelpers());
        assertEquals("Basic " + b64("me:pa:ss"), c.credentials("127.0.0.1:5000").orElseThrow().basicAuthorization());
        assertFalse(c.credentials("127.0.0.1:5000").orElseThrow().toString().contains("pa:ss"), "toString hides the password");
    }

    @Test
    void missingFileIsEmptyButBrokenOnesAreErrors() throws Exception {
        assertEquals(Optional.empty(), DockerConfig.read(tmp.resolve("none.json")).credentials("docker.io"));
        assertTrue(config("{\"credsStore\":\"desktop\"}").usesCredentialHelpers());
        assertEquals(tmp.resolve("config.json") + ": not valid JSON",
                assertThrows(RegistryException.class, () -> config("{auths")).getMessage());
        DockerConfig bad = config("{\"auths\":{\"x.io\":{\"auth\":\"" + b64("nocolon") + "\"}}}");
        assertEquals(tmp.resolve("config.json") + ": auths.x.io.auth does not decode to user:password",
                assertThrows(RegistryException.class, () -> bad.credentials("x.io")).getMessage());
    }
}
