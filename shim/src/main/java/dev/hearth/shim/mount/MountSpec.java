package dev.hearth.shim.mount;

import java.util.List;

/**
 * One mount as containerd describes a rootfs in CreateTaskRequest: {@code type} ("overlay",
 * "bind"), {@code source} (a directory for bind, "overlay" for overlay) and fstab-style
 * {@code options} ({@code lowerdir=...}, {@code rbind}, {@code ro}, ...). The target is given
 * when mounting.
 */
public record MountSpec(String type, String source, List<String> options) {
    public MountSpec {
        if (type == null || type.isBlank()) throw new IllegalArgumentException("mount: type is empty");
        source = source == null ? "" : source;
        options = options == null ? List.of() : List.copyOf(options);
    }

    @Override
    public String toString() {
        return type + " " + source + " (" + String.join(",", options) + ")";
    }
}
