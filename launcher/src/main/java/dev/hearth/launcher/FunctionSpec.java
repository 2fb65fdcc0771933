package dev.hearth.launcher;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a container asks of its function process.
 *
 * @param containerId containerd's task id, for messages and logs
 * @param rootfs      the mounted root filesystem of the container
 * @param entrypoint  the JS file to run: {@code process.args[0]} resolved inside {@code rootfs}
 * @param args        the function's arguments: what follows the JS file in the container's
 *                    {@code process.args} (the function's {@code process.argv} from index 2)
 * @param env         {@code process.env} in order; the function sees it read-only
 * @param cwd         {@code process.cwd}, relative to the rootfs
 * @param stdio       where the function's console goes
 * @param cgroup      the container's cgroup, which the launcher makes and the worker runs in;
 *                    null to leave the worker where it is (tests)
 * @param network     the Kubernetes pod network the function lives in (the worker joins its
 *                    namespace on Load), or null for the host's
 */
public record FunctionSpec(
        String containerId,
        Path rootfs,
        Path entrypoint,
        List<String> args,
        Map<String, String> env,
        String cwd,
        Stdio stdio,
        CgroupSpec cgroup,
        PodNetwork network) {

    public FunctionSpec {
        args = List.copyOf(args);
        env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
    }
}
