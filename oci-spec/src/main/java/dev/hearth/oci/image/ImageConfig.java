package dev.hearth.oci.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * The image configuration blob: platform, how to run the image ({@link Config}), the layers'
 * uncompressed digests ({@link RootFs}) and history. JSON names follow the spec, which mixes
 * styles ({@code Entrypoint}, {@code diff_ids}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"created", "author", "architecture", "os", "variant", "config", "rootfs", "history"})
public record ImageConfig(
        String created,
        String author,
        String architecture,
        String os,
        String variant,
        Config config,
        RootFs rootfs,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<History> history) {

    public ImageConfig {
        checkTimestamp("created", created);
        Checks.requiredText("architecture", architecture);
        Checks.requiredText("os", os);
        Checks.required("rootfs", rootfs);
        history = Checks.list("history", history);
    }

    /** The platform this config declares. */
    public Platform platform() {
        return new Platform(architecture, os, null, List.of(), variant);
    }

    /** The execution parameters; JSON names are the spec's capitalised ones. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"User", "Env", "Entrypoint", "Cmd", "WorkingDir", "Labels", "StopSignal"})
    public record Config(
            @JsonProperty("User") String user,
            @JsonProperty("Env") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> env,
            @JsonProperty("Entrypoint") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> entrypoint,
            @JsonProperty("Cmd") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> cmd,
            @JsonProperty("WorkingDir") String workingDir,
            @JsonProperty("Labels") @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> labels,
            @JsonProperty("StopSignal") String stopSignal) {

        public Config {
            env = Checks.list("Env", env);
            for (int i = 0; i < env.size(); i++) {
                if (env.get(i).indexOf('=') <= 0)
                    throw new InvalidFieldException("Env[" + i + "]", "must be NAME=value, got \"" + env.get(i) + "\"");
            }
            entrypoint = Checks.list("Entrypoint", entrypoint);
            cmd = Checks.list("Cmd", cmd);
            labels = Checks.sortedMap("Labels", labels);
        }
    }

    /** The layers as the runtime sees them: sha256 of each uncompressed layer tar, base first. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"type", "diff_ids"})
    public record RootFs(
            @JsonProperty("type") String type,
            @JsonProperty("diff_ids") List<Digest> diffIds) {

        public static final String LAYERS = "layers";

        public RootFs {
            Checks.required("type", type);
            if (!type.equals(LAYERS)) throw new InvalidFieldException("type", "must be \"layers\", got \"" + type + "\"");
            diffIds = Checks.list("diff_ids", Checks.required("diff_ids", diffIds));
        }

        public static RootFs of(List<Digest> diffIds) {
            return new RootFs(LAYERS, diffIds);
        }
    }

    /** One step of how the image was made. {@code empty_layer} is written only when true. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"created", "created_by", "author", "comment", "empty_layer"})
    public record History(
            @JsonProperty("created") String created,
            @JsonProperty("created_by") String createdBy,
            @JsonProperty("author") String author,
            @JsonProperty("comment") String comment,
            @JsonProperty("empty_layer") Boolean emptyLayer) {

        public History {
            checkTimestamp("created", created);
            if (Boolean.FALSE.equals(emptyLayer)) emptyLayer = null;
        }
    }

    /** The spec requires RFC 3339 date-times (with an offset, as Go writes them). */
    private static void checkTimestamp(String field, String value) {
        if (value == null) return;
        try {
            OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidFieldException(field, "must be an RFC 3339 date-time, got \"" + value + "\"");
        }
    }
}
