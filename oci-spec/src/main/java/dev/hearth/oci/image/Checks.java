package dev.hearth.oci.image;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Field checks and immutable copies shared by the records' constructors. */
final class Checks {
    private Checks() {}

    static <T> T required(String field, T value) {
        if (value == null) throw new InvalidFieldException(field, "is missing");
        return value;
    }

    static String requiredText(String field, String value) {
        if (value == null) throw new InvalidFieldException(field, "is missing");
        if (value.isBlank()) throw new InvalidFieldException(field, "is empty");
        return value;
    }

    /** An immutable copy, empty for null; a null element is an error naming the field. */
    static <T> List<T> list(String field, List<T> list) {
        if (list == null) return List.of();
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == null) throw new InvalidFieldException(field + "[" + i + "]", "is null");
        }
        return List.copyOf(list);
    }

    /**
     * An immutable copy sorted by key, empty for null. Sorted so that the JSON (and so the digest)
     * of a document does not depend on the order in which its map was filled.
     */
    static SortedMap<String, String> sortedMap(String field, Map<String, String> map) {
        if (map == null || map.isEmpty()) return Collections.emptySortedMap();
        TreeMap<String, String> copy = new TreeMap<>();
        for (var e : map.entrySet()) {
            if (e.getKey() == null) throw new InvalidFieldException(field, "has a null key");
            if (e.getValue() == null) throw new InvalidFieldException(field + "." + e.getKey(), "is null");
            copy.put(e.getKey(), e.getValue());
        }
        return Collections.unmodifiableSortedMap(copy);
    }
}
