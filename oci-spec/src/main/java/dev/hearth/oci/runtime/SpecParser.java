package dev.hearth.oci.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads and validates a bundle's config.json. */
public final class SpecParser {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false);

    private SpecParser() {}

    /** A bundle's config.json: the spec, and the {@code linux.resources} fields hearth does not apply. */
    public record BundleConfig(Spec spec, java.util.List<String> unappliedResources) {}

    /** Reads config.json once for both the spec and {@link #unappliedResources}. */
    public static BundleConfig readBundleConfig(Path configJson) throws SpecException {
        String json = readFile(configJson);
        return new BundleConfig(parse(json), unappliedResources(json));
    }

    private static String readFile(Path configJson) throws SpecException {
        String json;
        try {
            json = Files.readString(configJson);
        } catch (NoSuchFileException e) {
            throw new SpecException(configJson + ": no such file");
        } catch (IOException e) {
            throw new SpecException(configJson + ": " + e.getMessage(), e);
        }
        return json;
    }

    public static Spec parse(String json) throws SpecException {
        Spec spec;
        try {
            spec = MAPPER.readValue(json, Spec.class);
        } catch (MismatchedInputException e) {
            throw new SpecException("config.json: field " + fieldPath(e) + ": " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new SpecException("config.json: not valid JSON: " + e.getOriginalMessage(), e);
        }
        validate(spec);
        return spec;
    }

    /** The {@code linux.resources} fields hearth applies; any other is reported by {@link #unappliedResources}. */
    public static final java.util.Set<String> APPLIED_RESOURCES = java.util.Set.of("memory", "cpu", "pids", "hugepageLimits");

    /**
     * The non-empty {@code linux.resources} fields of a config.json that hearth does not apply
     * (devices, blockIO, network, rdma, unified ...), so the caller can say so
     * instead of ignoring them silently.
     */
    public static java.util.List<String> unappliedResources(String json) {
        java.util.List<String> names = new java.util.ArrayList<>();
        try {
            var resources = MAPPER.readTree(json).path("linux").path("resources");
            resources.fieldNames().forEachRemaining(name -> {
                var value = resources.get(name);
                boolean empty = value.isNull() || (value.isContainerNode() && value.isEmpty());
                if (!APPLIED_RESOURCES.contains(name) && !empty) names.add(name);
            });
        } catch (JsonProcessingException e) {
            // parse() reports a broken document; nothing to add here
        }
        java.util.Collections.sort(names);
        return names;
    }

    /** A {@code linux.resources} object on its own, as containerd sends it with Update. */
    public static LinuxResources parseResources(String json) throws SpecException {
        try {
            LinuxResources r = MAPPER.readValue(json, LinuxResources.class);
            if (r == null) throw new SpecException("linux.resources: empty document");
            return r;
        } catch (MismatchedInputException e) {
            throw new SpecException("linux.resources: field " + fieldPath(e) + ": " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new SpecException("linux.resources: not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String fieldPath(MismatchedInputException e) {
        StringBuilder sb = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) sb.append('.');
                sb.append(ref.getFieldName());
            } else {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "(root)" : sb.toString();
    }

    private static void validate(Spec spec) throws SpecException {
        if (spec == null) throw new SpecException("config.json: empty document");
        if (spec.process() == null) throw new SpecException("config.json: field process is missing");
        if (spec.process().args().isEmpty())
            throw new SpecException("config.json: field process.args is empty: the entrypoint (a JS file) is required");
        String cwd = spec.process().cwd();
        if (cwd == null || !cwd.startsWith("/"))
            throw new SpecException("config.json: field process.cwd must be an absolute path, got " + cwd);
        for (String kv : spec.process().env()) {
            if (kv.indexOf('=') <= 0)
                throw new SpecException("config.json: field process.env has an entry without NAME=: \"" + kv + "\"");
        }
    }
}
