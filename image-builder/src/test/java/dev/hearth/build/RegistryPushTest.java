package dev.hearth.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.oci.image.Descriptor;
import dev.hearth.oci.image.Digest;
import dev.hearth.oci.image.ImageJson;
import dev.hearth.oci.image.Index;
import dev.hearth.oci.image.MediaTypes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code hearth build --push} against a real registry (Debian's docker-registry on loopback, see
 * {@link LocalRegistry}), checked with plain HTTP GETs of the manifests and blobs and with
 * {@code skopeo inspect}.
 */
class RegistryPushTest {
    private static final Path SKOPEO = Path.of("/usr/bin/skopeo");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir Path tmp;

    record Run(int exit, String out, String err) {
        String digest() { return out.split(" ")[2]; }

        List<String> progress() { return err.lines().toList(); }
    }

    private Map<String, String> env() {
        return Map.of("DOCKER_CONFIG", tmp.resolve("docker").toString(), "XDG_CACHE_HOME", tmp.resolve("cache").toString(),
                "HOME", tmp.toString());
    }

    private Run hearthBuild(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        BuildCommand command = new BuildCommand(env()::get);
        command.chunkSize = 16 * 1024; // the layer below is bigger: its upload goes in PATCH chunks
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    /** A function with a 100 kB incompressible asset, so that the layer is uploaded in several chunks. */
    private Path function() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("fn"));
        Files.writeString(dir.resolve("index.js"), "console.log('pushed')");
        byte[] asset = new byte[100_000];
        new Random(42).nextBytes(asset);
        Files.write(dir.resolve("asset.bin"), asset);
        return dir;
    }

    private byte[] get(String registry, String path, String accept, Optional<String> basic) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + registry + path)).header("Accept", accept);
        basic.ifPresent(b -> request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(b.getBytes(StandardCharsets.UTF_8))));
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), "GET " + path);
        return response.body();
    }

    private static JsonNode skopeoInspect(String ref, String... extra) throws Exception {
        assumeTrue(Files.isExecutable(SKOPEO), "skipped: " + SKOPEO + " is missing (apt-get install skopeo)");
        List<String> cmd = new java.util.ArrayList<>(List.of(SKOPEO.toString(), "inspect", "--tls-verify=false"));
        cmd.addAll(Arrays.asList(extra));
        cmd.add("docker://" + ref);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "skopeo inspect timed out");
        assertEquals(0, p.exitValue(), "skopeo inspect " + ref + ": " + out);
        return JSON.readTree(out);
    }

    @Test
    void pushesTheIndexByTagAndEveryManifestAndBlobItNames() throws Exception {
        try (LocalRegistry registry = LocalRegistry.start(tmp.resolve("registry"), Optional.empty())) {
            String ref = registry.address() + "/fn/hello:1";
            Path fn = function();
            Run push = hearthBuild(fn.toString(), "-t", ref, "--push", "-o", tmp.resolve("fn.tar").toString());
            assertEquals(0, push.exit(), push.err());
            assertTrue(push.out().startsWith("built " + ref + " sha256:"), push.out());
            // The layer and six configs, each once, each uploaded.
            assertEquals(1 + FunctionImageBuilder.PLATFORMS.size(), push.progress().size(), push.err());
            for (String line : push.progress()) assertTrue(line.matches("pushed sha256:[0-9a-f]{12} [0-9.]+ (B|kB)"), line);

            byte[] indexBytes = get(registry.address(), "/v2/fn/hello/manifests/1", MediaTypes.INDEX, Optional.empty());
            assertEquals(push.digest(), Digest.sha256(indexBytes).toString(), "the tag names the index the build printed");
            Index index = ImageJson.parseIndex(indexBytes, "index");
            assertEquals(FunctionImageBuilder.PLATFORMS, index.manifests().stream().map(Descriptor::platform).toList());
            for (Descriptor m : index.manifests()) {
                byte[] manifest = get(registry.address(), "/v2/fn/hello/manifests/" + m.digest(), MediaTypes.MANIFEST, Optional.empty());
                assertEquals(m.digest(), Digest.sha256(manifest));
                for (Descriptor layer : ImageJson.parseManifest(manifest, "manifest").layers()) {
                    byte[] blob = get(registry.address(), "/v2/fn/hello/blobs/" + layer.digest(), "*/*", Optional.empty());
                    assertEquals(layer.digest(), Digest.sha256(blob), "the chunked upload reassembled the layer");
                }
            }

            JsonNode amd64 = skopeoInspect(ref);
            assertEquals(push.digest(), amd64.path("Digest").asText());
            assertEquals("amd64", amd64.path("Architecture").asText());
            assertEquals("io.containerd.hearth.v2", amd64.path("Labels").path("dev.hearth.runtime").asText());
            assertEquals("arm64", skopeoInspect(ref, "--override-arch", "arm64").path("Architecture").asText());

            // Same input, same digests: pushing again finds every blob; another repository mounts them.
            Run again = hearthBuild(fn.toString(), "-t", ref, "--push");
            assertEquals(0, again.exit(), again.err());
            assertEquals(push.digest(), again.digest());
            for (String line : again.progress()) assertTrue(line.startsWith("exists sha256:"), line);
            Run other = hearthBuild(fn.toString(), "-t", registry.address() + "/other/hello:2", "--push");
            assertEquals(0, other.exit(), other.err());
            assertEquals(push.digest(), other.digest());
            for (String line : other.progress()) assertTrue(line.matches("mounted sha256:[0-9a-f]{12} .* from fn/hello"), line);
        }
    }

    @Test
    void basicAuthUsesDockerConfigAndRefusalsAreOneLine() throws Exception {
        try (LocalRegistry registry = LocalRegistry.start(tmp.resolve("registry"), Optional.of("hearth:s3cret"))) {
            String ref = registry.address() + "/private/fn:1";
            Path fn = function();
            Path config = tmp.resolve("docker/config.json");

            Run anonymous = hearthBuild(fn.toString(), "-t", ref, "--push");
            assertEquals(1, anonymous.exit());
            assertTrue(anonymous.err().matches("hearth build: registry " + registry.address().replace(".", "\\.")
                    + " requires a login for check blob sha256:[0-9a-f]{64}, and " + config + " has no credentials for it\\R"), anonymous.err());

            writeAuth(config, registry.address(), "hearth:wrong");
            Run wrong = hearthBuild(fn.toString(), "-t", ref, "--push");
            assertEquals(1, wrong.exit());
            assertTrue(wrong.err().startsWith("hearth build: registry " + registry.address() + " refused the credentials of user hearth for check blob"),
                    wrong.err());
            assertEquals(1, wrong.err().lines().count(), wrong.err());

            writeAuth(config, "http://" + registry.address(), "hearth:s3cret");
            Run ok = hearthBuild(fn.toString(), "-t", ref, "--push");
            assertEquals(0, ok.exit(), ok.err());
            byte[] index = get(registry.address(), "/v2/private/fn/manifests/1", MediaTypes.INDEX, Optional.of("hearth:s3cret"));
            assertEquals(ok.digest(), Digest.sha256(index).toString());
            assertEquals(ok.digest(), skopeoInspect(ref, "--creds", "hearth:s3cret").path("Digest").asText());
        }
    }

    @Test
    void aRegistryThatIsDownIsOneLineAndExitOne() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Run run = hearthBuild(function().toString(), "-t", "127.0.0.1:" + port + "/fn:1", "--push");
        assertEquals(1, run.exit());
        assertEquals("hearth build: cannot reach registry 127.0.0.1:" + port + " at http://127.0.0.1:" + port
                + ": connection refused" + System.lineSeparator(), run.err());
        assertEquals("", run.out());
    }

    private static void writeAuth(Path config, String key, String userAndPassword) throws Exception {
        Files.createDirectories(config.getParent());
        String auth = Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
        Files.writeString(config, "{\"auths\":{\"" + key + "\":{\"auth\":\"" + auth + "\"}}}");
    }
}
