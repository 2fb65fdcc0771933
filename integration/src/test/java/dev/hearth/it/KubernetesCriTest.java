package dev.hearth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * hearth as a Kubernetes RuntimeClass handler: a pod run through containerd's CRI plugin with crictl (what
 * kubelet does), runtime handler {@code hearth}. The pod's sandbox and its function container both go to
 * hearth's shim; the function's output reaches the CRI container log; a fetch handler in a pod with its own
 * network answers on the pod's address; stopping and removing the pod leaves nothing behind.
 */
@IntegrationTest
class KubernetesCriTest {
    private static final String HELLO = "docker.io/library/hello:latest";
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Crictl(Path binary, Containerd containerd) {
        String run(String... args) {
            List<String> command = new ArrayList<>(List.of(binary.toString(), "--runtime-endpoint", "unix://" + containerd.address(),
                    "--image-endpoint", "unix://" + containerd.address(), "--timeout", "60s"));
            command.addAll(List.of(args));
            return Ctr.exec(Duration.ofSeconds(90), containerd.scratch("crictl"), command.toArray(String[]::new))
                    .requireSuccess().stdout().trim();
        }

        JsonNode inspect(String containerId) throws Exception {
            return JSON.readTree(run("inspect", "-o", "json", containerId));
        }
    }

    private static final String FETCH = "docker.io/library/fetch:1";

    private static String daemonLog(Containerd containerd) throws java.io.IOException {
        StringBuilder all = new StringBuilder();
        try (var files = Files.walk(containerd.hearthRunDir(), 2)) {
            for (Path log : files.filter(p -> p.getFileName().toString().equals("daemon.log")).toList()) {
                all.append(new String(Files.readAllBytes(log), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return all.toString();
    }

    @AcrossContainerds
    void aFetchHandlerInAPodWithItsOwnNetworkAnswersOnThePodsAddress(ContainerdBinary binary) throws Exception {
        Path crictlBinary = ImageBuilders.crictl();
        try (Containerd containerd = Containerd.startWithCri(binary, HELLO)) {
            Ctr ctr = containerd.ctr("k8s.io");
            Functions.buildAndImport(containerd, ctr, "hello", HELLO);
            Functions.buildAndImport(containerd, ctr, "fetch", FETCH);
            LeakCheck before = LeakCheck.take(containerd);
            Crictl crictl = new Crictl(crictlBinary, containerd);
            Path work = containerd.scratch("pod");
            Path pod = Files.writeString(work.resolve("pod.json"), """
                    {"metadata": {"name": "fetch-pod", "namespace": "default", "uid": "hearth-cri-test-2", "attempt": 0},
                     "log_directory": "%s", "linux": {}}
                    """.formatted(Files.createDirectories(work.resolve("logs"))));
            Path container = Files.writeString(work.resolve("container.json"), """
                    {"metadata": {"name": "fetch"}, "image": {"image": "%s"}, "log_path": "fetch.log",
                     "envs": [{"key": "GREETING", "value": "from a pod"}], "linux": {}}
                    """.formatted(FETCH));

            String podId = crictl.run("runp", "--runtime", "hearth", pod.toString());
            JsonNode podStatus = JSON.readTree(crictl.run("inspectp", "-o", "json", podId)).get("status");
            String ip = podStatus.get("network").get("ip").asText();
            String netns = JSON.readTree(crictl.run("inspectp", "-o", "json", podId)).get("info").get("runtimeSpec")
                    .get("linux").get("namespaces").findValues("path").stream().map(JsonNode::asText)
                    .filter(p -> p.contains("netns")).findFirst().orElseThrow();
            String containerId = crictl.run("create", podId, container.toString(), pod.toString());
            crictl.run("start", containerId);
            java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            java.net.http.HttpResponse<String> response = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (response == null && System.nanoTime() < deadline) {
                try {
                    response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + ip + ":8080/env")).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
                } catch (java.io.IOException notYet) {
                    Procs.sleep(Duration.ofMillis(200)); // the worker is still booting
                }
            }
            assertTrue(response != null, "nothing answered on the pod's address " + ip + ":8080");
            assertEquals("{\"greeting\":\"from a pod\"}", response.body());
            long worker = crictl.inspect(containerId).get("info").get("pid").asLong();
            String podNamespace = "net:[" + Files.getAttribute(Path.of(netns), "unix:ino") + "]";
            List<String> threadNamespaces = new ArrayList<>();
            try (var tasks = Files.list(Path.of("/proc/" + worker + "/task"))) {
                for (Path task : tasks.toList()) {
                    threadNamespaces.add(Files.readSymbolicLink(task.resolve("ns/net")).toString());
                }
            }
            assertTrue(threadNamespaces.contains(podNamespace), "the function's thread is in the pod's network namespace "
                    + podNamespace + ": " + threadNamespaces);
            assertTrue(daemonLog(containerd).contains("container " + containerId + ": warm worker"), "a warm pool worker serves the pod");

            crictl.run("stopp", podId);
            crictl.run("rmp", podId);
            assertTrue(!Files.exists(Path.of(netns)), "the pod's network namespace is gone: " + netns);
            LeakCheck.assertNothingLeftSince(before, containerd);
        }
    }

    @AcrossContainerds
    void aPodWhoseRuntimeClassIsHearthRunsItsFunction(ContainerdBinary binary) throws Exception {
        Path crictlBinary = ImageBuilders.crictl();
        try (Containerd containerd = Containerd.startWithCri(binary, HELLO)) {
            Ctr ctr = containerd.ctr("k8s.io"); // CRI's namespace
            Functions.buildAndImport(containerd, ctr, "hello", HELLO);
            LeakCheck before = LeakCheck.take(containerd);
            Crictl crictl = new Crictl(crictlBinary, containerd);
            Path work = containerd.scratch("pod");
            Path logs = Files.createDirectories(work.resolve("logs"));
            Path pod = Files.writeString(work.resolve("pod.json"), """
                    {"metadata": {"name": "hello-pod", "namespace": "default", "uid": "hearth-cri-test-1", "attempt": 0},
                     "log_directory": "%s",
                     "linux": {"security_context": {"namespace_options": {"network": 2}}}}
                    """.formatted(logs));
            Path container = Files.writeString(work.resolve("container.json"), """
                    {"metadata": {"name": "hello"}, "image": {"image": "%s"}, "log_path": "hello.log",
                     "envs": [{"key": "HEARTH_GREETING", "value": "kubernetes"}], "linux": {}}
                    """.formatted(HELLO));

            String podId = crictl.run("runp", "--runtime", "hearth", pod.toString());
            String containerId = crictl.run("create", podId, container.toString(), pod.toString());
            crictl.run("start", containerId);
            JsonNode status = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                status = crictl.inspect(containerId).get("status");
                if (status.get("state").asText().equals("CONTAINER_EXITED")) {
                    break;
                }
                Procs.sleep(Duration.ofMillis(100));
            }
            assertEquals("CONTAINER_EXITED", status.get("state").asText(), status.toString());
            assertEquals(0, status.get("exitCode").asInt(), status.toString());
            String output = crictl.run("logs", containerId);
            assertEquals(List.of("Hello from hearth!", "The first 10 primes add up to 129.", "Greeting from the environment: kubernetes"),
                    output.lines().toList(), output);
            assertTrue(Files.readString(logs.resolve("hello.log")).contains(" stdout F Hello from hearth!"),
                    "the CRI log file has the function's lines");

            crictl.run("stopp", podId);
            crictl.run("rmp", podId);
            LeakCheck.assertNothingLeftSince(before, containerd);
        }
    }
}
