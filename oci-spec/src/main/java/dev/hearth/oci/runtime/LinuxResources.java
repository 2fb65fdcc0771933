package dev.hearth.oci.runtime;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code linux.resources} of the OCI runtime spec. Boxed numbers: absent (null) means "leave the
 * kernel's value alone", which differs from zero.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LinuxResources(Memory memory, Cpu cpu, Pids pids) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Memory(Long limit, Long reservation, Long swap, Long kernel, Long kernelTCP,
                         Long swappiness, Boolean disableOOMKiller) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Cpu(Long shares, Long quota, Long period, Long realtimeRuntime, Long realtimePeriod,
                      String cpus, String mems) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Pids(long limit) {}
}
