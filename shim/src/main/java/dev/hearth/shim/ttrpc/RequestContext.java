package dev.hearth.shim.ttrpc;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a handler may want to know about the request it serves beyond its message: the
 * metadata the caller sent (containerd puts its namespace under
 * {@code containerd-namespace-ttrpc}) and the caller's deadline.
 *
 * @param deadline when the caller gives up, if it set a timeout
 */
public record RequestContext(String service, String method, Map<String, List<String>> metadata, Optional<Instant> deadline) {
    static final ScopedValue<RequestContext> CURRENT = ScopedValue.newInstance();

    public RequestContext {
        metadata = metadata.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
    }

    /** The request served by the calling thread; empty outside a handler. */
    public static Optional<RequestContext> current() {
        return CURRENT.isBound() ? Optional.of(CURRENT.get()) : Optional.empty();
    }

    /** The first value of a metadata key, if the caller sent it. */
    public Optional<String> metadataValue(String key) {
        List<String> values = metadata.get(key);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }
}
