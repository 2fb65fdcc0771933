package dev.hearth.launcher.web.encoding;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The facts of the WHATWG Encoding Standard that hearth needs at run time: every label with the
 * name of its encoding, and the indexes of the legacy single-byte encodings. They are read from
 * {@value #RESOURCE} (beside this class), which {@code EncodingTableGenerator} (in the tests)
 * derives from the standard's encodings.json and indexes.json; see that file's header. The
 * multi-byte indexes are not here: {@link MultiByteIndexes} reads each when a decoder needs it.
 */
public final class EncodingTables {

    static final String RESOURCE = "whatwg-encodings.txt";

    /** label (lower case) -> encoding name as the standard spells it, e.g. "latin1" -> "windows-1252" */
    private final Map<String, String> nameByLabel;
    /** index name (lower case, e.g. "iso-8859-2") -> code points of bytes 0x80..0xFF */
    private final Map<String, char[]> indexes;

    private EncodingTables(Map<String, String> nameByLabel, Map<String, char[]> indexes) {
        this.nameByLabel = nameByLabel;
        this.indexes = indexes;
    }

    private static final class Holder {
        static final EncodingTables TABLES = load();
    }

    public static EncodingTables standard() {
        return Holder.TABLES;
    }

    /**
     * The standard's "get an encoding": strips ASCII whitespace, matches case-insensitively.
     *
     * @return the encoding's name as the standard spells it (e.g. "UTF-8", "windows-1252"), or
     *         null for a label the standard does not know
     */
    public String nameOf(String label) {
        return nameByLabel.get(stripAsciiWhitespace(label).toLowerCase(Locale.ROOT));
    }

    /** All labels, for tests. */
    public Map<String, String> labels() {
        return Map.copyOf(nameByLabel);
    }

    /**
     * The index of a single-byte encoding (128 entries for bytes 0x80..0xFF,
     * {@link SingleByteDecoder#UNMAPPED} where none), or null if {@code name} is not one.
     */
    public char[] singleByteIndex(String name) {
        // ISO-8859-8-I decodes exactly like ISO-8859-8 (it only differs in display direction).
        String key = name.equalsIgnoreCase("ISO-8859-8-I") ? "iso-8859-8" : name.toLowerCase(Locale.ROOT);
        char[] index = indexes.get(key);
        return index == null ? null : index.clone();
    }

    /** Names of the single-byte indexes, for tests. */
    public List<String> singleByteIndexNames() {
        return indexes.keySet().stream().sorted().toList();
    }

    static String stripAsciiWhitespace(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isAsciiWhitespace(s.charAt(start))) start++;
        while (end > start && isAsciiWhitespace(s.charAt(end - 1))) end--;
        return s.substring(start, end);
    }

    private static boolean isAsciiWhitespace(char c) {
        return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
    }

    private static EncodingTables load() {
        try (InputStream in = EncodingTables.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing beside " + EncodingTables.class.getName());
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** Lines: "encoding NAME label...", "index NAME hex4 x128" ("----" unmapped), "#" comments. */
    static EncodingTables parse(BufferedReader reader) throws IOException {
        Map<String, String> nameByLabel = new HashMap<>();
        Map<String, char[]> indexes = new HashMap<>();
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] words = line.trim().split(" +");
            if (words[0].equals("encoding") && words.length >= 3) {
                for (int i = 2; i < words.length; i++) nameByLabel.put(words[i], words[1]);
            } else if (words[0].equals("index") && words.length == 2 + 128) {
                char[] index = new char[128];
                for (int i = 0; i < 128; i++) {
                    String hex = words[2 + i];
                    index[i] = hex.equals("----") ? SingleByteDecoder.UNMAPPED : (char) Integer.parseInt(hex, 16);
                }
                indexes.put(words[1], index);
            } else {
                throw new IllegalStateException(RESOURCE + " line " + number + " is neither an encoding nor a 128-entry index");
            }
        }
        return new EncodingTables(Map.copyOf(nameByLabel), Map.copyOf(indexes));
    }
}
