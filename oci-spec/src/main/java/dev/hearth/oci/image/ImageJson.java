package dev.hearth.oci.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads and writes image documents. Writing is canonical: compact JSON, the field order fixed by
 * each record, map keys sorted, absent values left out. The same record therefore always gives the
 * same bytes, and so the same digest. Reading ignores unknown fields (other tools add some) and
 * reports the first problem with the path of the field ({@code manifests[0].digest}).
 */
public final class ImageJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(SerializationFeature.INDENT_OUTPUT, false)
            .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, false)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
            .configure(JsonParser.Feature.STRICT_DUPLICATE_DETECTION, true)
            .build();

    private ImageJson() {}

    /** Canonical UTF-8 JSON of an image record ({@link Index}, {@link Manifest}, {@link ImageConfig}, ...). */
    public static byte[] write(Record document) {
        try {
            return MAPPER.writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            // Records of this package hold only strings, numbers, lists and maps: cannot happen.
            throw new IllegalStateException("cannot serialise " + document.getClass().getSimpleName(), e);
        }
    }

    public static Index parseIndex(byte[] json, String source) throws ImageSpecException {
        return parse(json, Index.class, source);
    }

    public static Manifest parseManifest(byte[] json, String source) throws ImageSpecException {
        return parse(json, Manifest.class, source);
    }

    public static ImageConfig parseConfig(byte[] json, String source) throws ImageSpecException {
        return parse(json, ImageConfig.class, source);
    }

    /**
     * Parses {@code json} as {@code type}; {@code source} names the document in error messages
     * (a file name or a digest).
     */
    public static <T extends Record> T parse(byte[] json, Class<T> type, String source) throws ImageSpecException {
        T value;
        try {
            value = MAPPER.readValue(json, type);
        } catch (JsonMappingException e) {
            throw new ImageSpecException(source + ": " + describe(e), e);
        } catch (JsonProcessingException e) {
            throw new ImageSpecException(source + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ImageSpecException(source + ": " + e.getMessage(), e);
        }
        if (value == null) throw new ImageSpecException(source + ": empty document (null)");
        return value;
    }

    public static <T extends Record> T parse(String json, Class<T> type, String source) throws ImageSpecException {
        return parse(json.getBytes(StandardCharsets.UTF_8), type, source);
    }

    /** "field a.b[0].c: problem", from Jackson's path plus the field our constructor named. */
    private static String describe(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) path.append('.');
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        String problem = e.getOriginalMessage();
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidFieldException invalid) {
                if (!path.isEmpty()) path.append('.');
                path.append(invalid.field());
                problem = invalid.problem();
                break;
            }
            if (cause instanceof IllegalArgumentException illegal) {
                problem = illegal.getMessage();
                break;
            }
        }
        return path.isEmpty() ? problem : "field " + path + ": " + problem;
    }
}
