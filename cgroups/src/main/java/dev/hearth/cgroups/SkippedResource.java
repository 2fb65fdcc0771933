package dev.hearth.cgroups;

import java.time.Instant;

/**
 * A {@code linux.resources} field the kernel cannot apply here and that runc, too, leaves out
 * rather than failing the container (swap without swap accounting, the deprecated kernel memory
 * limits). Never silent: one logfmt line on stderr, which in the shim daemon is its log.
 */
final class SkippedResource {
    private SkippedResource() {}

    static void log(String cgroup, String field, String why) {
        System.err.println("time=" + Instant.now() + " level=warn component=cgroups msg=\"resource not applied\" cgroup="
                + cgroup + " field=" + field + " why=\"" + why + "\"");
    }
}
