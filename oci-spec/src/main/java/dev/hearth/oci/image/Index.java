package dev.hearth.oci.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * An image index ({@code index.json} of an image layout, or a multi-platform manifest list).
 * {@code mediaType} may be absent in documents written by older tools; hearth always writes it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"schemaVersion", "mediaType", "manifests", "annotations"})
public record Index(
        Integer schemaVersion,
        String mediaType,
        List<Descriptor> manifests,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> annotations) {

    public Index {
        SchemaVersion.check(schemaVersion);
        if (mediaType != null && !mediaType.equals(MediaTypes.INDEX))
            throw new InvalidFieldException("mediaType", "must be " + MediaTypes.INDEX + ", got " + mediaType);
        manifests = Checks.list("manifests", Checks.required("manifests", manifests));
        annotations = Checks.sortedMap("annotations", annotations);
    }

    /** An index of the given manifests, with the current schema version and media type. */
    public static Index of(List<Descriptor> manifests) {
        return new Index(SchemaVersion.CURRENT, MediaTypes.INDEX, manifests, Map.of());
    }
}
