package dev.hearth.shim.task;

import com.google.protobuf.Any;
import dev.hearth.oci.runtime.LinuxResources;
import dev.hearth.oci.runtime.SpecException;
import dev.hearth.oci.runtime.SpecParser;
import java.nio.charset.StandardCharsets;

/**
 * The resources of an UpdateTaskRequest. containerd's typeurl registers the runtime spec's Go
 * struct (not a protobuf message), so the Any carries it as JSON under the type URL
 * {@code types.containerd.io/opencontainers/runtime-spec/1/LinuxResources}.
 */
final class ResourcesAny {
    private ResourcesAny() {}

    static LinuxResources decode(Any any) {
        if (any == null || any.getTypeUrl().isEmpty()) {
            throw new IllegalArgumentException("update carries no resources");
        }
        if (!any.getTypeUrl().endsWith("/LinuxResources")) {
            throw new IllegalArgumentException("update resources of type " + any.getTypeUrl() + " are not supported (want LinuxResources)");
        }
        try {
            return SpecParser.parseResources(any.getValue().toString(StandardCharsets.UTF_8));
        } catch (SpecException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
