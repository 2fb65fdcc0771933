package dev.hearth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.launcher.dns.TinyDns;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

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

    private static final String POD_FN = "docker.io/library/pod-fn:1";

    private static String daemonLog(Containerd containerd) {
        return String.join("\n", containerd.daemonLogLines());
    }

    /**
     * The pod's function, a fetch handler: /env shows its environment, /backend fetches {@code http://backend:PORT/}:
     * a name only the pod's DNS (its resolv.conf's nameserver and search list) knows.
     */
    private static final String POD_FUNCTION = """
            export default {
              async fetch(request, env) {
                const url = new URL(request.url);
                if (url.pathname === '/env') return Response.json({ greeting: env.GREETING ?? null });
                if (url.pathname === '/backend') {
                  const response = await fetch('http://backend:' + env.BACKEND_PORT + '/');
                  return new Response(await response.text());
                }
                return new Response('not found\\n', { status: 404 });
              },
            };
            """;

    @AcrossContainerds
    void aFetchHandlerInAPodWithItsOwnNetworkAnswersOnThePodsAddressAndUsesThePodsDns(ContainerdBinary binary) throws Exception {
        Path crictlBinary = ImageBuilders.crictl();
        try (Containerd containerd = Containerd.startWithCri(binary, HELLO)) {
            Ctr ctr = containerd.ctr("k8s.io");
            Path function = Files.createDirectories(containerd.scratch("functions").resolve("pod-fn"));
            Files.writeString(function.resolve("index.mjs"), POD_FUNCTION);
            Functions.buildAndImport(containerd, ctr, "hello", HELLO);
            Functions.buildAndImport(containerd, ctr, function, POD_FN);
            LeakCheck before = LeakCheck.take(containerd);
            Crictl crictl = new Crictl(crictlBinary, containerd);
            Path work = containerd.scratch("pod");
            String gateway = containerd.cniGateway();
            Path pod = Files.writeString(work.resolve("pod.json"), """
                    {"metadata": {"name": "fetch-pod", "namespace": "default", "uid": "hearth-cri-test-2", "attempt": 0},
                     "log_directory": "%s", "linux": {},
                     "dns_config": {"servers": ["%s"], "searches": ["hearth.test"], "options": ["ndots:2"]}}
                    """.formatted(Files.createDirectories(work.resolve("logs")), gateway));

            String podId = crictl.run("runp", "--runtime", "hearth", pod.toString());
            // The bridge holds the gateway address now: the pod's DNS server and a backend listen there.
            InetAddress gatewayAddress = InetAddress.getByName(gateway);
            com.sun.net.httpserver.HttpServer backend = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress(gatewayAddress, 0), 0);
            backend.createContext("/", exchange -> {
                byte[] body = "hello from the backend".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            backend.start();
            TinyDns dns;
            try {
                dns = new TinyDns(gatewayAddress, 53, Map.of("backend.hearth.test.", gateway));
            } catch (java.net.BindException e) {
                backend.stop(0);
                crictl.run("stopp", podId);
                crictl.run("rmp", podId);
                Assumptions.abort("port 53 on " + gateway + " is taken on this machine: " + e.getMessage());
                return;
            }
            try (dns) {
                Path container = Files.writeString(work.resolve("container.json"), """
                        {"metadata": {"name": "fetch"}, "image": {"image": "%s"}, "log_path": "fetch.log",
                         "envs": [{"key": "GREETING", "value": "from a pod"}, {"key": "BACKEND_PORT", "value": "%d"}], "linux": {}}
                        """.formatted(POD_FN, backend.getAddress().getPort()));
                JsonNode podInfo = JSON.readTree(crictl.run("inspectp", "-o", "json", podId));
                String ip = podInfo.get("status").get("network").get("ip").asText();
                String netns = podInfo.get("info").get("runtimeSpec").get("linux").get("namespaces").findValues("path").stream()
                        .map(JsonNode::asText).filter(p -> p.contains("netns")).findFirst().orElseThrow();
                String containerId = crictl.run("create", podId, container.toString(), pod.toString());
                crictl.run("start", containerId);

                assertEquals("{\"greeting\":\"from a pod\"}", get("http://" + ip + ":8080/env"));
                assertEquals("hello from the backend", get("http://" + ip + ":8080/backend"),
                        "the function found `backend` through the pod's DNS and search list");
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
                // Warm, or claimed as it said hello when the pod's daemon had just started its pool.
                assertTrue(daemonLog(containerd).lines().anyMatch(l -> l.contains("container " + containerId + ": ")
                        && l.contains(" from the pool")), "a pool worker serves the pod");

                crictl.run("stopp", podId);
                crictl.run("rmp", podId);
                assertTrue(!Files.exists(Path.of(netns)), "the pod's network namespace is gone: " + netns);
            } finally {
                backend.stop(0);
            }
            LeakCheck.assertNothingLeftSince(before, containerd);
        }
    }

    /** GET {@code url}, retrying while nothing listens yet (the function is still loading); the body. */
    private static String get(String url) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            } catch (java.io.IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("nothing answered " + url, notYet);
                }
                Procs.sleep(Duration.ofMillis(200));
            }
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
