package dev.hearth.shim.task;

import dev.hearth.cgroups.Cgroup;
import dev.hearth.cgroups.CgroupException;
import dev.hearth.launcher.ExitStatus;
import dev.hearth.launcher.FunctionProcess;
import dev.hearth.launcher.LaunchException;
import dev.hearth.oci.runtime.Spec;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The pod sandbox that Kubernetes' CRI (containerd's CRI plugin) creates through the pod's
 * runtime before the pod's containers: the "pause" container. hearth runs no function for it: a
 * placeholder process that only sleeps holds the sandbox's place (the pid CRI records, the pod
 * cgroup's first member) until the pod is stopped, when Kill ends it like any task.
 */
final class SandboxProcess implements FunctionProcess {

    /** The annotation containerd's CRI puts on every container it creates: {@code sandbox} or {@code container}. */
    static final String CONTAINER_TYPE = "io.kubernetes.cri.container-type";
    private static final List<Path> SLEEP = List.of(Path.of("/usr/bin/sleep"), Path.of("/bin/sleep"));
    private static final List<Path> NSENTER = List.of(Path.of("/usr/bin/nsenter"), Path.of("/bin/nsenter"));

    private final Process process;
    private final CompletableFuture<ExitStatus> exited;
    private final Cgroup cgroup;

    private SandboxProcess(Process process, Cgroup cgroup) {
        this.cgroup = cgroup;
        this.process = process;
        // Java reports a signalled process as 128+signal, as containerd expects (SIGKILL: 137).
        this.exited = process.onExit().thenApply(p -> new ExitStatus(p.exitValue(), Instant.now()));
    }

    @Override
    public Cgroup cgroup() {
        return cgroup;
    }

    static boolean isSandbox(Spec spec) {
        return "sandbox".equals(spec.annotations().get(CONTAINER_TYPE));
    }

    /**
     * Starts the placeholder, in the pod's network namespace when the sandbox's spec names one (the
     * CRI then hands the pod's containers {@code /proc/<placeholder>/ns/net} to join), and moves it
     * into the sandbox's cgroup.
     */
    static SandboxProcess start(String containerId, Cgroup cgroup, String networkNamespace) throws LaunchException {
        Path sleep = executable(SLEEP, containerId, "sleep");
        List<String> command = new ArrayList<>();
        if (networkNamespace != null) {
            command.addAll(List.of(executable(NSENTER, containerId, "nsenter").toString(), "--net=" + networkNamespace, "--"));
        }
        command.addAll(List.of(sleep.toString(), "infinity"));
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new LaunchException("pod sandbox " + containerId + ": cannot start its placeholder " + sleep + ": " + e.getMessage(), e);
        }
        if (cgroup != null) {
            try {
                cgroup.addProcess(process.pid());
            } catch (CgroupException e) {
                process.destroyForcibly();
                throw new LaunchException("pod sandbox " + containerId + ": cannot move its placeholder into "
                        + cgroup.path() + ": " + e.getMessage(), e);
            }
        }
        return new SandboxProcess(process, cgroup);
    }

    private static Path executable(List<Path> candidates, String containerId, String what) throws LaunchException {
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new LaunchException("pod sandbox " + containerId + ": no " + what + " binary at " + candidates
                + " for its placeholder process");
    }

    @Override
    public long pid() {
        return process.pid();
    }

    /** Nothing to start: the placeholder runs from Create on (as runc's pause does from its start). */
    @Override
    public void start() {
    }

    @Override
    public CompletableFuture<ExitStatus> exited() {
        return exited;
    }
}
