package dev.hearth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A fetch handler (examples/fetch) served by a worker under {@code ctr run} and requested over loopback: workers
 * are host processes, so the function listens on the host's network at the PORT given in its environment. A
 * handler error is a 500 and the worker goes on; SIGTERM lets the request in flight finish and the task exits 0.
 */
@IntegrationTest
class FetchHandlerTest {
    private static final String IMAGE = "docker.io/library/fetch:1";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AcrossContainerds
    void servesOverLoopbackSurvivesHandlerErrorsAndStopsGracefullyOnSigterm(ContainerdBinary binary) throws Exception {
        try (Containerd containerd = Containerd.start(binary)) {
            Ctr ctr = containerd.ctr();
            Functions.buildAndImport(containerd, ctr, "fetch", IMAGE);
            LeakCheck before = LeakCheck.take(containerd);
            int port = freePort();
            String base = "http://127.0.0.1:" + port;

            try (CtrProcess run = ctr.start("run", "--rm", "--runtime", Functions.RUNTIME, "--env", "PORT=" + port,
                    "--env", "GREETING=from the container", IMAGE, "fetch1")) {
                HttpResponse<String> hello = awaitServing(base + "/", run);
                assertEquals(200, hello.statusCode());
                assertEquals("Hello from hearth!\n", hello.body());
                assertEquals("{\"greeting\":\"from the container\"}", get(base + "/env").body());

                HttpResponse<String> failed = get(base + "/error");
                assertEquals(500, failed.statusCode(), "a throwing handler is a 500");
                assertEquals(200, get(base + "/").statusCode(), "the worker survives a handler error");

                CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(
                        HttpRequest.newBuilder(URI.create(base + "/slow?ms=1500")).build(), HttpResponse.BodyHandlers.ofString());
                Thread.sleep(300); // the request reaches the handler before the signal
                ctr.run("task", "kill", "fetch1").requireSuccess(); // SIGTERM
                HttpResponse<String> slow = inFlight.get(20, TimeUnit.SECONDS);
                assertEquals(200, slow.statusCode(), "the request in flight at SIGTERM is answered");
                assertEquals("slept 1500 ms\n", slow.body());

                Ctr.Result exited = run.awaitExit(Duration.ofSeconds(30));
                assertEquals(0, exited.exitCode(), exited.describe("a drained server exits 0"));
                assertTrue(exited.stderr().contains("Error: this handler fails on purpose"),
                        exited.describe("the handler's error should be on the function's stderr"));
            }
            ctr.run("container", "delete", "fetch1"); // gone already after --rm; make sure
            LeakCheck.assertNothingLeftSince(before, containerd);
        }
    }

    /** With HEARTH_JIT=graal in the daemon's environment, workers run GraalJS compiled, and still serve and stop cleanly. */
    @AcrossContainerds
    void compiledWorkersServeToo(ContainerdBinary binary) throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Dist.home().resolve("lib/jit")),
                "the distribution has no lib/jit (the Graal compiler jars from launcher/target/jit)");
        try (Containerd containerd = Containerd.start(binary, Map.of("HEARTH_JIT", "graal"))) {
            Ctr ctr = containerd.ctr();
            Functions.buildAndImport(containerd, ctr, "fetch", IMAGE);
            LeakCheck before = LeakCheck.take(containerd);
            int port = freePort();
            try (CtrProcess run = ctr.start("run", "--rm", "--runtime", Functions.RUNTIME, "--env", "PORT=" + port, IMAGE, "jit1")) {
                HttpResponse<String> hello = awaitServing("http://127.0.0.1:" + port + "/", run);
                assertEquals("Hello from hearth!\n", hello.body());
                long pid = Tasks.awaitStatus(ctr, "jit1", "RUNNING");
                String cmdline = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
                assertTrue(cmdline.contains("-XX:+EnableJVMCI") && cmdline.contains("--upgrade-module-path="), cmdline);
                ctr.run("task", "kill", "jit1").requireSuccess();
                assertEquals(0, run.awaitExit(Duration.ofSeconds(30)).exitCode());
            }
            ctr.run("container", "delete", "jit1");
            LeakCheck.assertNothingLeftSince(before, containerd);
        }
    }

    /** Polls until the worker answers (it binds the port once the module has been evaluated). */
    private HttpResponse<String> awaitServing(String url, CtrProcess run) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                return get(url);
            } catch (IOException notYet) {
                if (!run.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("the function never served " + url + "\n--- ctr stdout:\n" + run.stdout()
                            + "\n--- ctr stderr:\n" + run.stderr(), notYet);
                }
                Thread.sleep(100);
            }
        }
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
