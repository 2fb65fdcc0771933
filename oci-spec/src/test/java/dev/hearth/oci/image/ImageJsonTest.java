package dev.hearth.oci.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageJsonTest {
    private static final Digest A = Digest.sha256("a".getBytes(StandardCharsets.UTF_8));
    private static final Digest B = Digest.sha256("b".getBytes(StandardCharsets.UTF_8));

    private static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }

    @Test
    void manifestIsWrittenCompactInSpecOrderWithoutAbsentFields() {
        Manifest manifest = Manifest.of(new Descriptor(MediaTypes.CONFIG, A, 10),
                List.of(new Descriptor(MediaTypes.LAYER_TAR_GZIP, B, 20)));
        assertEquals("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.MANIFEST + "\","
                + "\"config\":{\"mediaType\":\"" + MediaTypes.CONFIG + "\",\"digest\":\"" + A + "\",\"size\":10},"
                + "\"layers\":[{\"mediaType\":\"" + MediaTypes.LAYER_TAR_GZIP + "\",\"digest\":\"" + B + "\",\"size\":20}]}",
                text(ImageJson.write(manifest)));
    }

    @Test
    void indexRoundTripsWithPlatformAndAnnotations() throws Exception {
        Descriptor manifest = new Descriptor(MediaTypes.MANIFEST, A, 321L,
                Map.of("org.opencontainers.image.ref.name", "1", "io.containerd.image.name", "example.com/fn:1"),
                new Platform("amd64", "linux"));
        Index index = Index.of(List.of(manifest));
        byte[] json = ImageJson.write(index);
        Index back = ImageJson.parseIndex(json, "index.json");
        assertEquals(index, back);
        assertArrayEquals(json, ImageJson.write(back));
        String s = text(json);
        assertTrue(s.indexOf("io.containerd.image.name") < s.indexOf("org.opencontainers.image.ref.name"),
                "annotations sorted by key: " + s);
        assertTrue(s.contains("\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}"), s);
    }

    @Test
    void mapInsertionOrderDoesNotChangeTheBytes() {
        Map<String, String> forward = new LinkedHashMap<>();
        Map<String, String> backward = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) forward.put("label." + i, "v" + i);
        for (int i = 19; i >= 0; i--) backward.put("label." + i, "v" + i);
        assertArrayEquals(ImageJson.write(config(forward)), ImageJson.write(config(backward)));
    }

    @Test
    void imageConfigRoundTripsWithSpecNames() throws Exception {
        ImageConfig config = config(Map.of("dev.hearth.runtime", "io.containerd.hearth.v2"));
        byte[] json = ImageJson.write(config);
        String s = text(json);
        for (String name : List.of("\"Entrypoint\":[\"/app/index.js\"]", "\"WorkingDir\":\"/app\"",
                "\"Env\":[\"A=1\"]", "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + A + "\"]}",
                "\"created_by\":\"hearth build\"", "\"created\":\"1970-01-01T00:00:00Z\"")) {
            assertTrue(s.contains(name), name + " in " + s);
        }
        assertFalse(s.contains("null"), s);
        assertFalse(s.contains("empty_layer"), "false empty_layer is left out: " + s);
        assertFalse(s.contains("Cmd"), "empty Cmd is left out: " + s);
        assertEquals(config, ImageJson.parseConfig(json, "config"));
        assertEquals(new Platform("amd64", "linux"), config.platform());
    }

    @Test
    void readsConfigWrittenByOtherToolsIgnoringUnknownFields() throws Exception {
        String docker = """
                {"architecture":"arm64","os":"linux","variant":"v8",
                 "config":{"ExposedPorts":{"8080/tcp":{}},"Env":["PATH=/usr/bin"],"Cmd":["node","x.js"],
                           "Labels":null,"OnBuild":null},
                 "created":"2024-05-01T10:11:12.123456789+02:00",
                 "rootfs":{"type":"layers","diff_ids":["%s","%s"]},
                 "history":[{"created":"2024-05-01T10:11:12Z","created_by":"COPY . .","empty_layer":true}]}
                """.formatted(A, B);
        ImageConfig config = ImageJson.parseConfig(docker.getBytes(StandardCharsets.UTF_8), "config");
        assertEquals("arm64", config.architecture());
        assertEquals("v8", config.variant());
        assertEquals(List.of("node", "x.js"), config.config().cmd());
        assertEquals(Map.of(), config.config().labels());
        assertEquals(List.of(A, B), config.rootfs().diffIds());
        assertEquals(Boolean.TRUE, config.history().getFirst().emptyLayer());
    }

    @Test
    void missingDigestNamesTheFieldWithItsPath() {
        String json = "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"" + MediaTypes.MANIFEST + "\",\"size\":1}]}";
        var e = assertThrows(ImageSpecException.class, () -> ImageJson.parse(json, Index.class, "index.json"));
        assertEquals("index.json: field manifests[0].digest: is missing", e.getMessage());
    }

    @Test
    void missingSizeIsAnError() {
        String json = "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"m\",\"digest\":\"" + A + "\"}]}";
        var e = assertThrows(ImageSpecException.class, () -> ImageJson.parse(json, Index.class, "index.json"));
        assertEquals("index.json: field manifests[0].size: is missing", e.getMessage());
    }

    @Test
    void malformedDigestNamesTheFieldAndTheValue() {
        String json = "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"m\",\"size\":1,\"digest\":\"sha256:XYZ\"}]}";
        var e = assertThrows(ImageSpecException.class, () -> ImageJson.parse(json, Index.class, "index.json"));
        assertTrue(e.getMessage().startsWith("index.json: field manifests[0].digest: "), e.getMessage());
        assertTrue(e.getMessage().contains("sha256:XYZ"), e.getMessage());
    }

    @Test
    void wrongTypeNamesTheField() {
        String json = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.MANIFEST + "\",\"config\":{\"mediaType\":\"m\","
                + "\"digest\":\"" + A + "\",\"size\":\"big\"},\"layers\":[]}";
        var e = assertThrows(ImageSpecException.class, () -> ImageJson.parse(json, Manifest.class, "manifest"));
        assertTrue(e.getMessage().startsWith("manifest: field config.size: "), e.getMessage());
    }

    @Test
    void schemaVersionOtherThanTwoIsRejected() {
        var e = assertThrows(ImageSpecException.class,
                () -> ImageJson.parse("{\"schemaVersion\":1,\"manifests\":[]}", Index.class, "index.json"));
        assertEquals("index.json: field schemaVersion: must be 2, got 1", e.getMessage());
    }

    @Test
    void envEntryWithoutNameIsRejectedWithItsIndex() {
        String json = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Env\":[\"A=1\",\"oops\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}";
        var e = assertThrows(ImageSpecException.class, () -> ImageJson.parse(json, ImageConfig.class, "config"));
        assertEquals("config: field config.Env[1]: must be NAME=value, got \"oops\"", e.getMessage());
    }

    @Test
    void missingRootfsAndBadTimestampAreRejected() {
        var noRootfs = assertThrows(ImageSpecException.class,
                () -> ImageJson.parse("{\"architecture\":\"amd64\",\"os\":\"linux\"}", ImageConfig.class, "config"));
        assertEquals("config: field rootfs: is missing", noRootfs.getMessage());
        var badTime = assertThrows(ImageSpecException.class, () -> ImageJson.parse(
                "{\"created\":\"yesterday\",\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}",
                ImageConfig.class, "config"));
        assertEquals("config: field created: must be an RFC 3339 date-time, got \"yesterday\"", badTime.getMessage());
    }

    @Test
    void invalidJsonAndDuplicateKeysAreReported() {
        var broken = assertThrows(ImageSpecException.class, () -> ImageJson.parse("{\"schemaVersion\":", Index.class, "index.json"));
        assertTrue(broken.getMessage().startsWith("index.json: not valid JSON: "), broken.getMessage());
        var dup = assertThrows(ImageSpecException.class,
                () -> ImageJson.parse("{\"schemaVersion\":2,\"schemaVersion\":2,\"manifests\":[]}", Index.class, "index.json"));
        assertTrue(dup.getMessage().contains("schemaVersion"), dup.getMessage());
        var nul = assertThrows(ImageSpecException.class, () -> ImageJson.parse("null", Index.class, "index.json"));
        assertEquals("index.json: empty document (null)", nul.getMessage());
    }

    @Test
    void constructorsRejectInvalidValuesInCodeToo() {
        var e = assertThrows(InvalidFieldException.class, () -> new Descriptor(MediaTypes.CONFIG, A, -1));
        assertEquals("size", e.field());
        assertThrows(InvalidFieldException.class, () -> new Manifest(2, MediaTypes.INDEX, null, List.of(), null));
    }

    private static ImageConfig config(Map<String, String> labels) {
        return new ImageConfig("1970-01-01T00:00:00Z", null, "amd64", "linux", null,
                new ImageConfig.Config(null, List.of("A=1"), List.of("/app/index.js"), List.of(), "/app", labels, null),
                ImageConfig.RootFs.of(List.of(A)),
                List.of(new ImageConfig.History("1970-01-01T00:00:00Z", "hearth build", null, null, false)));
    }
}
