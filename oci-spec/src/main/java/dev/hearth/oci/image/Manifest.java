package dev.hearth.oci.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/** An image manifest: the config blob and the layers, base layer first. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"schemaVersion", "mediaType", "config", "layers", "annotations"})
public record Manifest(
        Integer schemaVersion,
        String mediaType,
        Descriptor config,
        List<Descriptor> layers,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> annotations) {

    public Manifest {
        SchemaVersion.check(schemaVersion);
        if (mediaType != null && !mediaType.equals(MediaTypes.MANIFEST))
            throw new InvalidFieldException("mediaType", "must be " + MediaTypes.MANIFEST + ", got " + mediaType);
        Checks.required("config", config);
        layers = Checks.list("layers", Checks.required("layers", layers));
        annotations = Checks.sortedMap("annotations", annotations);
    }

    /** A manifest with the current schema version and media type. */
    public static Manifest of(Descriptor config, List<Descriptor> layers) {
        return new Manifest(SchemaVersion.CURRENT, MediaTypes.MANIFEST, config, layers, Map.of());
    }
}
