package dev.hearth.shim.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.cgroups.Cgroup;
import dev.hearth.oci.runtime.Spec;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A Kubernetes pod sandbox (CRI's pause container) gets a sleeping placeholder, not a function. */
class SandboxProcessTest {

    private static Spec spec(Map<String, String> annotations) {
        return new Spec("1.1.0", null, null, null, List.of(), null, annotations);
    }

    @Test
    void criSandboxesAreKnownByTheirAnnotation() {
        assertTrue(SandboxProcess.isSandbox(spec(Map.of("io.kubernetes.cri.container-type", "sandbox"))));
        assertFalse(SandboxProcess.isSandbox(spec(Map.of("io.kubernetes.cri.container-type", "container"))));
        assertFalse(SandboxProcess.isSandbox(spec(Map.of())));
    }

    @Test
    void thePlaceholderSleepsInTheSandboxCgroupUntilKilled() throws Exception {
        List<Long> moved = new CopyOnWriteArrayList<>();
        Cgroup cgroup = (Cgroup) Proxy.newProxyInstance(Cgroup.class.getClassLoader(), new Class<?>[] {Cgroup.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("addProcess")) {
                        moved.add((Long) args[0]);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        SandboxProcess sandbox = SandboxProcess.start("pod1", cgroup, null);
        try {
            assertEquals(List.of(sandbox.pid()), moved);
            sandbox.start();
            Thread.sleep(200);
            assertFalse(sandbox.exited().isDone(), "it keeps running");
            ProcessHandle.of(sandbox.pid()).orElseThrow().destroyForcibly();
            assertEquals(137, sandbox.exited().get(10, TimeUnit.SECONDS).status());
        } finally {
            ProcessHandle.of(sandbox.pid()).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
