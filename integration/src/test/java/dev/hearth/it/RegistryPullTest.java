package dev.hearth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.build.LocalRegistry;
import java.time.Duration;
import java.util.List;

/**
 * An image shipped through a registry: {@code hearth build --push} to Debian's docker-registry on loopback,
 * {@code ctr image pull --plain-http} into a private containerd (1.7 or 1.6, and 2.x), {@code ctr run} with hearth.
 */
@IntegrationTest
class RegistryPullTest {
    @AcrossContainerds
    void anImagePushedByHearthBuildIsPulledAndRunByCtr(ContainerdBinary binary) throws Exception {
        try (Containerd containerd = Containerd.start(binary);
             LocalRegistry registry = LocalRegistry.start(containerd.scratch("registry"))) {
            Ctr ctr = containerd.ctr();
            String ref = registry.address() + "/fn/bundle:1";
            Ctr.Result build = hearthBuildPush(containerd, ref);
            String builtDigest = build.stdout().strip().split(" ")[2]; // "built <ref> <digest> (entrypoint ...) -> <ref>"
            assertTrue(build.stderr().lines().anyMatch(l -> l.startsWith("pushed sha256:")), build.describe("should show one line per blob"));

            ctr.run("image", "pull", "--plain-http", ref).requireSuccess();
            assertEquals(builtDigest, imageDigest(ctr, ref), "the tag pulled should name the image index hearth built");
            LeakCheck before = LeakCheck.take(containerd);

            Ctr.Result run = ctr.run("run", "--rm", "--runtime", Functions.RUNTIME, "--env", "HEARTH_GREETING=the registry",
                    ref, "pulled1").requireSuccess();
            assertEquals(BundleExample.output("the registry"), run.stdout().lines().toList(), run.describe("printed"));
            LeakCheck.assertNothingLeftSince(before, containerd);
        }
    }

    /**
     * {@code hearth build examples/bundle -t ref --push}, with docker's config and hearth's blob-location cache in the
     * test's directory instead of root's home.
     */
    static Ctr.Result hearthBuildPush(Containerd containerd, String ref) {
        java.nio.file.Path home = containerd.scratch("home");
        return Ctr.exec(Duration.ofSeconds(120), containerd.scratch("hearth-build"), "env",
                "DOCKER_CONFIG=" + home.resolve("docker"), "XDG_CACHE_HOME=" + home.resolve("cache"),
                Dist.command("hearth").toString(), "build", BundleExample.dir().toString(), "-t", ref, "--push").requireSuccess();
    }

    /** The digest {@code ctr image ls} shows for {@code ref} (what its tag points to). */
    static String imageDigest(Ctr ctr, String ref) {
        Ctr.Result list = ctr.run("image", "ls", "name==" + ref).requireSuccess();
        List<String> rows = list.stdout().lines().skip(1).filter(l -> l.startsWith(ref + " ")).toList();
        assertEquals(1, rows.size(), list.describe("should list " + ref + " once"));
        return rows.getFirst().split("\\s+")[2]; // REF TYPE DIGEST SIZE PLATFORMS LABELS
    }
}
