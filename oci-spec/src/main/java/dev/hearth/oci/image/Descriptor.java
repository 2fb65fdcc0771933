package dev.hearth.oci.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * Points at a blob: its media type, digest and size, with optional annotations and (in an index)
 * the platform it is for. Annotations are kept sorted so that serialisation is stable.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"mediaType", "digest", "size", "annotations", "platform"})
public record Descriptor(
        String mediaType,
        Digest digest,
        Long size,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> annotations,
        Platform platform) {

    public Descriptor {
        Checks.requiredText("mediaType", mediaType);
        Checks.required("digest", digest);
        Checks.required("size", size);
        if (size < 0) throw new InvalidFieldException("size", "must not be negative, got " + size);
        annotations = Checks.sortedMap("annotations", annotations);
    }

    public Descriptor(String mediaType, Digest digest, long size) {
        this(mediaType, digest, size, Map.of(), null);
    }

    /** The descriptor of {@code content} stored as a blob of type {@code mediaType}. */
    public static Descriptor of(String mediaType, byte[] content) {
        return new Descriptor(mediaType, Digest.sha256(content), content.length);
    }

    public Descriptor withAnnotations(Map<String, String> newAnnotations) {
        return new Descriptor(mediaType, digest, size, newAnnotations, platform);
    }

    public Descriptor withPlatform(Platform newPlatform) {
        return new Descriptor(mediaType, digest, size, annotations, newPlatform);
    }
}
