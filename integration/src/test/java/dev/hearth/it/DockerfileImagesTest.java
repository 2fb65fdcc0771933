package dev.hearth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.build.LocalRegistry;
import java.util.List;

/**
 * Images built from examples/bundle/Dockerfile ({@code FROM scratch}, {@code COPY . /app/}, {@code ENTRYPOINT
 * ["/app/src/main.mjs"]}) by the builders people use run unchanged under hearth: buildah (pushed to a loopback
 * registry and pulled by ctr) and nerdctl with buildkit (run with {@code nerdctl run}, whose OCI spec carries
 * namespaces, bind mounts of /etc/hosts and resolv.conf and OCI hooks that ctr's does not).
 */
@IntegrationTest
class DockerfileImagesTest {
    @AcrossContainerds
    void aBuildahImagePushedToARegistryRunsWithCtr(ContainerdBinary binary) throws Exception {
        try (Containerd containerd = Containerd.start(binary);
             LocalRegistry registry = LocalRegistry.start(containerd.scratch("registry"))) {
            Ctr ctr = containerd.ctr();
            String ref = registry.address() + "/fn/bundle:buildah";
            try (Buildah buildah = Buildah.in(containerd.scratch("buildah"))) {
                buildah.bud(BundleExample.dir(), "localhost/bundle:buildah").requireSuccess();
                buildah.pushPlainHttp("localhost/bundle:buildah", "docker://" + ref).requireSuccess();
            }
            ctr.run("image", "pull", "--plain-http", ref).requireSuccess();
            LeakCheck before = LeakCheck.take(containerd);

            Ctr.Result run = ctr.run("run", "--rm", "--runtime", Functions.RUNTIME, "--env", "HEARTH_GREETING=buildah",
                    ref, "buildah1").requireSuccess();
            assertEquals(BundleExample.output("buildah"), run.stdout().lines().toList(), run.describe("printed"));
            LeakCheck.assertNothingLeftSince(before, containerd);
        }
    }

    @AcrossContainerds
    void aNerdctlBuiltImageRunsWithNerdctlRun(ContainerdBinary binary) {
        try (Containerd containerd = Containerd.start(binary)) {
            Ctr ctr = containerd.ctr();
            Functions.buildAndImport(containerd, ctr, "throws", "docker.io/library/throws:1");
            LeakCheck before = LeakCheck.take(containerd);
            String image = "docker.io/library/bundle:nerdctl";
            Nerdctl nerdctl;
            try (Buildkitd buildkitd = Buildkitd.start(containerd.scratch("buildkit"))) {
                nerdctl = Nerdctl.of(containerd, ctr, buildkitd.bin());
                nerdctl.build(buildkitd, BundleExample.dir(), image).requireSuccess();
            }

            Ctr.Result host = nerdctl.runRm("--runtime", Functions.RUNTIME, "--net", "host", "-e", "HEARTH_GREETING=nerdctl", image)
                    .requireSuccess();
            assertEquals(BundleExample.output("nerdctl"), host.stdout().lines().toList(), host.describe("printed"));
            Ctr.Result none = nerdctl.runRm("--runtime", Functions.RUNTIME, "--network", "none", "-e", "HEARTH_GREETING=no network", image)
                    .requireSuccess();
            assertEquals(BundleExample.output("no network"), none.stdout().lines().toList(), none.describe("printed"));

            // nerdctl run's exit status is the function's: hearth's image of examples/throws fails on purpose.
            Ctr.Result failed = nerdctl.runRm("--runtime", Functions.RUNTIME, "--network", "none", "docker.io/library/throws:1");
            assertNotEquals(0, failed.exitCode(), failed.describe("should fail"));
            assertEquals(List.of("about to fail"), failed.stdout().lines().toList(), failed.describe("printed"));
            assertTrue(failed.stderr().contains("this function fails on purpose"), failed.describe("should show the error on stderr"));

            assertEquals("", nerdctl.run("ps", "-a", "-q").requireSuccess().stdout().strip(), "nerdctl run --rm should leave no container");
            LeakCheck.assertNothingLeftSince(before, containerd); // buildkitd and its mounts included
        }
    }

    /**
     * {@code nerdctl run -d} hands the shim a {@code binary://} log URI: nerdctl itself, as the logging driver that
     * writes the json-file log {@code nerdctl logs} reads, started by the shim with the output on fds 3 and 4.
     */
    @AcrossContainerds
    void aDetachedNerdctlContainerKeepsItsLogs(ContainerdBinary binary) {
        try (Containerd containerd = Containerd.start(binary)) {
            Ctr ctr = containerd.ctr();
            Functions.buildAndImport(containerd, ctr, "hello", "docker.io/library/hello:latest");
            Nerdctl nerdctl = Nerdctl.of(containerd, ctr, null);
            LeakCheck before = LeakCheck.take(containerd);

            nerdctl.run("run", "-d", "--name", "detached", "--runtime", Functions.RUNTIME, "--network", "none",
                    "docker.io/library/hello:latest").requireSuccess();
            Ctr.Result waited = nerdctl.run("wait", "detached").requireSuccess();
            assertEquals("0", waited.stdout().strip(), waited.describe("exit status"));
            Ctr.Result logs = nerdctl.run("logs", "detached").requireSuccess();
            assertEquals(List.of("Hello from hearth!", "The first 10 primes add up to 129."), logs.stdout().lines().toList(),
                    logs.describe("printed"));
            nerdctl.run("rm", "detached").requireSuccess();
            LeakCheck.assertNothingLeftSince(before, containerd);
        }
    }
}
