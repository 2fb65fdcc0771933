package dev.hearth.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.oci.image.Descriptor;
import dev.hearth.oci.image.Digest;
import dev.hearth.oci.image.ImageConfig;
import dev.hearth.oci.image.ImageJson;
import dev.hearth.oci.image.Index;
import dev.hearth.oci.image.Manifest;
import dev.hearth.oci.image.MediaTypes;
import dev.hearth.oci.image.Platform;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionImageBuilderTest {
    @TempDir Path tmp;

    /** The pieces of a written archive, each checked against the digests that point at it. */
    record Image(TarEntries archive, Index index, Manifest manifest, ImageConfig config, TarEntries layer) {}

    private Path function(String name, Map<String, String> files) throws IOException {
        Path dir = tmp.resolve(name);
        for (var e : files.entrySet()) {
            Path f = dir.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
        }
        return dir;
    }

    private BuildResult build(Path source, String ref, Path out, Optional<String> entry, long epoch) throws BuildException {
        return new FunctionImageBuilder().buildArchive(new BuildRequest(source, ImageReference.parse(ref), entry, epoch), out);
    }

    private static byte[] blob(TarEntries archive, Descriptor d) throws Exception {
        byte[] content = archive.content("blobs/sha256/" + d.digest().encoded());
        assertEquals(d.size(), content.length, "size of " + d.digest());
        assertEquals(d.digest(), Digest.sha256(content), "digest of blobs/sha256/" + d.digest().encoded());
        return content;
    }

    /**
     * Reads an archive: index.json names one image index, which lists one manifest per platform;
     * every manifest's config declares its platform, and all share the one layer.
     */
    private static Image read(Path archiveFile) throws Exception {
        TarEntries archive = TarEntries.read(Files.readAllBytes(archiveFile));
        assertEquals("{\"imageLayoutVersion\":\"1.0.0\"}", new String(archive.content("oci-layout"), StandardCharsets.UTF_8));
        Index layout = ImageJson.parseIndex(archive.content("index.json"), "index.json");
        assertEquals(1, layout.manifests().size());
        Descriptor indexDescriptor = layout.manifests().getFirst();
        assertEquals(MediaTypes.INDEX, indexDescriptor.mediaType());
        Index index = ImageJson.parseIndex(blob(archive, indexDescriptor), "image index");
        assertEquals(FunctionImageBuilder.PLATFORMS, index.manifests().stream().map(Descriptor::platform).toList());
        Manifest first = null;
        ImageConfig firstConfig = null;
        for (Descriptor d : index.manifests()) {
            assertEquals(MediaTypes.MANIFEST, d.mediaType());
            Manifest manifest = ImageJson.parseManifest(blob(archive, d), "manifest");
            assertEquals(MediaTypes.CONFIG, manifest.config().mediaType());
            ImageConfig config = ImageJson.parseConfig(blob(archive, manifest.config()), "config");
            assertEquals(d.platform(), config.platform(), "the config declares the platform the index lists it under");
            if (first == null) {
                first = manifest;
                firstConfig = config;
            } else {
                assertEquals(first.layers(), manifest.layers(), "every platform shares the layer");
                assertEquals(firstConfig.config(), config.config());
            }
        }
        assertEquals(1, first.layers().size());
        Descriptor layerDescriptor = first.layers().getFirst();
        assertEquals(MediaTypes.LAYER_TAR_GZIP, layerDescriptor.mediaType());
        byte[] tar = new GZIPInputStream(new ByteArrayInputStream(blob(archive, layerDescriptor))).readAllBytes();
        assertEquals(List.of(Digest.sha256(tar)), firstConfig.rootfs().diffIds(), "diff_id is the sha256 of the uncompressed layer");
        // Nothing in the archive that no descriptor points at: the layer, a config and a manifest per platform, the index.
        long blobCount = archive.names().stream().filter(n -> n.startsWith("blobs/sha256/") && n.length() > "blobs/sha256/".length()).count();
        assertEquals(2 + 2 * FunctionImageBuilder.PLATFORMS.size(), blobCount, archive.names().toString());
        return new Image(archive, layout, first, firstConfig, TarEntries.read(tar));
    }

    @Test
    void archiveHasConsistentDescriptorsAndRunsTheEntryFromApp() throws Exception {
        Path dir = function("hello", Map.of("index.js", "console.log('hi')", "lib/util.js", "export const x = 1;",
                "package.json", "{\"name\":\"hello-fn\",\"version\":\"1.0.0\",\"description\":\"says hi\","
                        + "\"repository\":{\"type\":\"git\",\"url\":\"https://example.com/hello.git\"}}"));
        Path out = tmp.resolve("hello.tar");
        BuildResult result = build(dir, "example.com/fn:1", out, Optional.empty(), 0);

        Image image = read(out);
        assertEquals("/app/index.js", result.entrypoint());
        assertEquals(result.index().digest(), image.index().manifests().getFirst().digest());
        assertEquals(Map.of("io.containerd.image.name", "example.com/fn:1", "org.opencontainers.image.ref.name", "1"),
                image.index().manifests().getFirst().annotations());
        assertEquals(new Platform("amd64", "linux"), image.config().platform());

        ImageConfig.Config run = image.config().config();
        assertEquals(List.of("/app/index.js"), run.entrypoint());
        assertEquals("/app", run.workingDir());
        assertEquals(Map.of("org.opencontainers.image.title", "hello-fn", "org.opencontainers.image.version", "1.0.0",
                "org.opencontainers.image.description", "says hi", "org.opencontainers.image.created", "1970-01-01T00:00:00Z",
                "org.opencontainers.image.source", "https://example.com/hello.git",
                "dev.hearth.runtime", "io.containerd.hearth.v2"), run.labels());
        assertEquals("1970-01-01T00:00:00Z", image.config().created());

        assertEquals(List.of("app/", "app/index.js", "app/lib/", "app/lib/util.js", "app/package.json"), image.layer().names());
        assertEquals("console.log('hi')", new String(image.layer().content("app/index.js"), StandardCharsets.UTF_8));
        assertEquals("export const x = 1;", new String(image.layer().content("app/lib/util.js"), StandardCharsets.UTF_8));
        assertEquals(0, image.layer().entry("app/index.js").getLastModifiedTime().toInstant().getEpochSecond());
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
    }

    @Test
    void twoBuildsOfTheSameFilesAreByteIdenticalWhereverTheyLie() throws Exception {
        Map<String, String> files = Map.of("index.mjs", "export default 1", "a/b/c.txt", "c", "z.js", "z");
        Path first = tmp.resolve("one.tar");
        Path second = tmp.resolve("two.tar");
        build(function("fn", files), "fn", first, Optional.empty(), 0);
        Path elsewhere = function("copy/fn", files);
        Files.setLastModifiedTime(elsewhere.resolve("z.js"), java.nio.file.attribute.FileTime.fromMillis(123_456_789L));
        build(elsewhere, "fn", second, Optional.empty(), 0);
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
    }

    @Test
    void sourceDateEpochStampsFilesAndConfigAndChangesTheDigest() throws Exception {
        Path dir = function("fn", Map.of("index.js", "1"));
        BuildResult zero = build(dir, "fn", tmp.resolve("a.tar"), Optional.empty(), 0);
        BuildResult later = build(dir, "fn", tmp.resolve("b.tar"), Optional.empty(), 1_700_000_000L);
        assertNotEquals(zero.index().digest(), later.index().digest());
        Image image = read(tmp.resolve("b.tar"));
        assertEquals("2023-11-14T22:13:20Z", image.config().created());
        assertEquals(1_700_000_000L, image.layer().entry("app/index.js").getLastModifiedTime().toInstant().getEpochSecond());
    }

    @Test
    void entryComesFromPackageJsonThenIndex() throws Exception {
        Path main = function("main", Map.of("src/server.js", "", "index.js", "", "package.json", "{\"main\":\"./src/server\"}"));
        assertEquals("/app/src/server.js", build(main, "a", tmp.resolve("a.tar"), Optional.empty(), 0).entrypoint());
        Path module = function("module", Map.of("lib/index.mjs", "", "main.cjs", "",
                "package.json", "{\"main\":\"main.cjs\",\"module\":\"lib\"}"));
        assertEquals("/app/lib/index.mjs", build(module, "a", tmp.resolve("b.tar"), Optional.empty(), 0).entrypoint());
        Path exports = function("exports", Map.of("dist/fn.mjs", "", "lib/index.mjs", "",
                "package.json", "{\"module\":\"lib\",\"exports\":{\".\":{\"import\":\"./dist/fn.mjs\"}}}"));
        assertEquals("/app/dist/fn.mjs", build(exports, "a", tmp.resolve("e.tar"), Optional.empty(), 0).entrypoint());
        Path mjs = function("mjs", Map.of("index.mjs", ""));
        assertEquals("/app/index.mjs", build(mjs, "a", tmp.resolve("c.tar"), Optional.empty(), 0).entrypoint());
        Path explicit = function("explicit", Map.of("index.js", "", "other.js", "", "package.json", "{\"main\":\"index.js\"}"));
        BuildResult r = build(explicit, "a", tmp.resolve("d.tar"), Optional.of("other.js"), 0);
        assertEquals("/app/other.js", r.entrypoint());
        assertEquals(List.of("/app/other.js"), read(tmp.resolve("d.tar")).config().config().entrypoint());
    }

    @Test
    void aSingleFileIsTheWholeFunction() throws Exception {
        Path dir = function("single", Map.of("greet.js", "console.log(1)", "secret.txt", "not in the image"));
        BuildResult result = build(dir.resolve("greet.js"), "greet", tmp.resolve("g.tar"), Optional.empty(), 0);
        assertEquals("/app/greet.js", result.entrypoint());
        Image image = read(tmp.resolve("g.tar"));
        assertEquals(List.of("app/", "app/greet.js"), image.layer().names());
        assertEquals("greet", image.config().config().labels().get("org.opencontainers.image.title"));
    }

    @Test
    void longPathsExecutableBitsAndInsideSymlinksAreKept() throws Exception {
        String deep = "node_modules/" + "very-long-package-name-".repeat(5) + "/dist/" + "x".repeat(80) + ".js";
        Path dir = function("deep", Map.of("index.js", "", deep, "deep"));
        Path tool = dir.resolve("tool.sh");
        Files.writeString(tool, "#!/bin/sh\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(dir.resolve("alias.js"), Path.of("index.js"));
        build(dir, "deep", tmp.resolve("deep.tar"), Optional.empty(), 0);
        TarEntries layer = read(tmp.resolve("deep.tar")).layer();
        assertEquals("deep", new String(layer.content("app/" + deep), StandardCharsets.UTF_8));
        assertEquals(0755, layer.entry("app/tool.sh").getMode());
        assertEquals(0644, layer.entry("app/index.js").getMode());
        assertTrue(layer.entry("app/alias.js").isSymbolicLink());
        assertEquals("index.js", layer.entry("app/alias.js").getLinkName());
    }

    @Test
    void anArchiveWrittenInsideTheFunctionIsNotPackedIntoItself() throws Exception {
        Path dir = function("self", Map.of("index.js", ""));
        Path out = dir.resolve("image.tar");
        build(dir, "self", out, Optional.empty(), 0);
        byte[] first = Files.readAllBytes(out);
        build(dir, "self", out, Optional.empty(), 0); // now image.tar exists while the directory is read
        assertArrayEquals(first, Files.readAllBytes(out));
        assertFalse(read(out).layer().names().contains("app/image.tar"));
        try (var left = Files.list(dir)) {
            assertEquals(List.of("image.tar", "index.js"), left.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary files left behind");
        }
    }

    @Test
    void badInputsAreNamedErrors() throws Exception {
        Path out = tmp.resolve("out.tar");
        assertMessage(tmp.resolve("missing") + ": no such file or directory",
                () -> build(tmp.resolve("missing"), "a", out, Optional.empty(), 0));
        Path empty = function("empty", Map.of("README.md", "no code"));
        assertMessage("no entry file in " + empty.toRealPath()
                        + ": give --entry FILE, set \"exports\", \"module\" or \"main\" in package.json, or add index.js or index.mjs",
                () -> build(empty, "a", out, Optional.empty(), 0));
        Path fn = function("fn", Map.of("index.js", ""));
        function("outside", Map.of("x.js", ""));
        assertMessage("entry ../outside/x.js is outside " + fn.toRealPath(),
                () -> build(fn, "a", out, Optional.of("../outside/x.js"), 0));
        assertMessage("entry nope.js does not exist in " + fn.toRealPath(),
                () -> build(fn, "a", out, Optional.of("nope.js"), 0));
        Path badMain = function("badmain", Map.of("index.js", "", "package.json", "{\"main\":\"server.js\"}"));
        assertMessage("package.json main \"server.js\" names no file in " + badMain.toRealPath(),
                () -> build(badMain, "a", out, Optional.empty(), 0));
        Path badJson = function("badjson", Map.of("index.js", "", "package.json", "{\"main\":"));
        var e = assertThrows(BuildException.class, () -> build(badJson, "a", out, Optional.empty(), 0));
        assertTrue(e.getMessage().startsWith(badJson.toRealPath().resolve("package.json") + ": not valid JSON"), e.getMessage());
        assertMessage("output directory " + tmp.resolve("no/such") + " does not exist",
                () -> build(fn, "a", tmp.resolve("no/such/out.tar"), Optional.empty(), 0));
        assertFalse(Files.exists(out), "no archive after a failed build");
    }

    @Test
    void symlinksLeavingTheFunctionAndSpecialFilesAreRefused() throws Exception {
        Path escape = function("escape", Map.of("index.js", ""));
        Files.createSymbolicLink(escape.resolve("passwd"), Path.of("/etc/passwd"));
        var e = assertThrows(BuildException.class, () -> build(escape, "a", tmp.resolve("o.tar"), Optional.empty(), 0));
        assertTrue(e.getMessage().startsWith("symlink " + escape.toRealPath().resolve("passwd") + " points outside"), e.getMessage());

        Path fifo = function("fifo", Map.of("index.js", ""));
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.resolve("pipe").toString()).start();
        assertEquals(0, mkfifo.waitFor());
        var f = assertThrows(BuildException.class, () -> build(fifo, "a", tmp.resolve("o.tar"), Optional.empty(), 0));
        assertEquals(fifo.toRealPath().resolve("pipe") + " is not a regular file, directory or symlink", f.getMessage());
    }

    @Test
    void whiteoutNamesAreRefused() throws Exception {
        Path dir = function("wh", Map.of("index.js", "", "lib/.wh.gone.js", ""));
        var e = assertThrows(BuildException.class, () -> build(dir, "a", tmp.resolve("o.tar"), Optional.empty(), 0));
        assertTrue(e.getMessage().startsWith(dir.toRealPath().resolve("lib/.wh.gone.js") + ": names starting with .wh."),
                e.getMessage());
    }

    @Test
    void ignoreFilesLeaveOutWhatTheyMatchButNodeModulesPackagesAreKept() throws Exception {
        Path dir = function("ign", Map.of("index.js", "import x from 'dep'", "node_modules/dep/index.js", "export default 1",
                "node_modules/dep/package.json", "{}", "docs/a.md", "", "docs/keep.md", "", "docs/deep/er/b.md", "", "test/t.js", "", "x.log", "",
                ".dockerignore", "# build context rules\n*.log\ndocs\n!docs/keep.md\ntest/\n"));
        build(dir, "ign", tmp.resolve("ign.tar"), Optional.empty(), 0);
        assertEquals(List.of("app/", "app/.dockerignore", "app/docs/", "app/docs/keep.md", "app/index.js", "app/node_modules/",
                "app/node_modules/dep/", "app/node_modules/dep/index.js", "app/node_modules/dep/package.json"),
                read(tmp.resolve("ign.tar")).layer().names());

        Files.writeString(dir.resolve(".hearthignore"), "index.js\n");
        assertMessage("no entry file in " + dir.toRealPath()
                        + ": give --entry FILE, set \"exports\", \"module\" or \"main\" in package.json, or add index.js or index.mjs",
                () -> build(dir, "ign", tmp.resolve("ign2.tar"), Optional.empty(), 0));
        assertMessage("entry index.js does not exist in " + dir.toRealPath() + " (excluded by .hearthignore pattern \"index.js\")",
                () -> build(dir, "ign", tmp.resolve("ign2.tar"), Optional.of("index.js"), 0));
    }

    @Test
    void layoutDirectoryAndArchiveHoldTheSameImage() throws Exception {
        Path dir = function("lay", Map.of("index.js", "1"));
        BuildResult archived = build(dir, "example.com/lay:v1", tmp.resolve("lay.tar"), Optional.empty(), 0);
        TarEntries archive = read(tmp.resolve("lay.tar")).archive();
        Path layout = tmp.resolve("layout");
        BuildRequest request = new BuildRequest(dir, ImageReference.parse("example.com/lay:v1"), Optional.empty(), 0);
        try (BuiltImage image = new FunctionImageBuilder().build(request)) {
            assertEquals(archived, image.result(), "same input, same digests");
            Output.layout(layout).write(image);
        }
        for (String name : archive.names()) {
            if (name.endsWith("/")) continue;
            assertArrayEquals(archive.content(name), Files.readAllBytes(layout.resolve(name)), name);
        }
        // A second image under another tag is added; the same tag again replaces its entry.
        Files.writeString(dir.resolve("index.js"), "2");
        for (String ref : List.of("example.com/lay:v2", "example.com/lay:v2")) {
            try (BuiltImage image = new FunctionImageBuilder().build(new BuildRequest(dir, ImageReference.parse(ref), Optional.empty(), 0))) {
                Output.layout(layout).write(image);
            }
        }
        Index index = ImageJson.parseIndex(Files.readAllBytes(layout.resolve("index.json")), "index.json");
        assertEquals(List.of("v1", "v2"), index.manifests().stream().map(d -> d.annotations().get("org.opencontainers.image.ref.name")).toList());
        Files.writeString(Files.createDirectories(tmp.resolve("notalayout")).resolve("x"), "");
        try (BuiltImage image = new FunctionImageBuilder().build(request)) {
            assertMessage(tmp.resolve("notalayout") + " is not empty and not an OCI image layout (no oci-layout and index.json)",
                    () -> Output.layout(tmp.resolve("notalayout")).write(image));
        }
    }

    @Test
    void outputSpecifications() throws Exception {
        assertEquals(Output.archive(tmp.resolve("a.tar")), Output.parse(tmp.resolve("a.tar").toString()));
        assertEquals(Output.layout(tmp.resolve("new")), Output.parse(tmp.resolve("new") + "/"));
        assertEquals(Output.layout(tmp), Output.parse(tmp.toString()), "an existing directory is a layout");
        assertEquals(Output.layout(tmp.resolve("d")), Output.parse("type=oci-layout,dest=" + tmp.resolve("d")));
        assertEquals(Output.archive(tmp.resolve("f.tar")), Output.parse("type=oci,dest=" + tmp.resolve("f.tar")));
        assertMessage("-o type=docker,dest=x: type must be oci-layout (a directory) or oci (an archive file)",
                () -> Output.parse("type=docker,dest=x"));
        assertMessage("-o type=oci: dest=<path> is missing", () -> Output.parse("type=oci"));
    }

    @Test
    void theBundleExampleBuildsWithItsExportsEntryAndDockerignore() throws Exception {
        Path example = Path.of("..", "examples", "bundle");
        BuildResult result = build(example, "bundle", tmp.resolve("bundle.tar"), Optional.empty(), 0);
        assertEquals("/app/src/main.mjs", result.entrypoint());
        Image image = read(tmp.resolve("bundle.tar"));
        assertEquals(List.of("app/", "app/.dockerignore", "app/package.json", "app/src/", "app/src/lib/", "app/src/lib/greet.mjs",
                "app/src/lib/table.mjs", "app/src/main.mjs"), image.layer().names());
        assertEquals("https://example.com/hearth-examples.git", image.config().config().labels().get("org.opencontainers.image.source"));
    }

    @Test
    void entryNamedByExportsMustBeInside() throws Exception {
        Path dir = function("exp", Map.of("index.js", "", "package.json", "{\"exports\":\"../../etc/passwd\"}"));
        assertMessage("package.json exports ../../etc/passwd is outside " + dir.toRealPath(),
                () -> build(dir, "a", tmp.resolve("o.tar"), Optional.empty(), 0));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable build) {
        assertEquals(expected, assertThrows(BuildException.class, build).getMessage());
    }
}
