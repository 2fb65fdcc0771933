package dev.hearth.oci.runtime;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code linux.resources} of the OCI runtime spec. Boxed numbers: absent (null) means "leave the
 * kernel's value alone", which differs from zero. An absent {@code hugepageLimits} is an empty
 * list (no hugetlb limit to set).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LinuxResources(Memory memory, Cpu cpu, Pids pids, List<HugepageLimit> hugepageLimits) {

    public LinuxResources {
        // not List.copyOf: a null entry ([null] in JSON) reaches the cgroup code, which names it
        hugepageLimits = hugepageLimits == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(hugepageLimits));
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Memory(Long limit, Long reservation, Long swap, Long kernel, Long kernelTCP,
                         Long swappiness, Boolean disableOOMKiller) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Cpu(Long shares, Long quota, Long period, Long realtimeRuntime, Long realtimePeriod,
                      String cpus, String mems) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Pids(long limit) {}

    /**
     * One hugetlb limit: {@code pageSize} as the spec writes it ("2MB", "1GB", "64KB"),
     * {@code limit} in bytes of that page size the container may use.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record HugepageLimit(String pageSize, long limit) {}
}
