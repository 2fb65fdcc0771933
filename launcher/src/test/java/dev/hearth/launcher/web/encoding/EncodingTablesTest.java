package dev.hearth.launcher.web.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.hearth.launcher.web.TestData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EncodingTablesTest {

    private static final Path RESOURCE = Path.of("src/main/resources/dev/hearth/launcher/web/encoding",
            EncodingTables.RESOURCE);

    @Test
    void committedTablesAreWhatTheStandardsDataGives() throws Exception {
        String generated = EncodingTableGenerator.generate(
                TestData.file("whatwg-encoding/encodings.json"), TestData.file("whatwg-encoding/indexes.json"));
        if (Boolean.getBoolean("hearth.regenerate")) {
            EncodingTableGenerator.write(RESOURCE, generated);
        }
        String committed;
        try (InputStream in = EncodingTables.class.getResourceAsStream(EncodingTables.RESOURCE)) {
            committed = in == null ? Files.readString(RESOURCE) : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(generated, committed, EncodingTables.RESOURCE
                + " differs from the standard's data: run this test with -Dhearth.regenerate=true");
    }

    @Test
    void committedMultiByteIndexesAreWhatTheStandardsDataGives() throws Exception {
        Map<String, String> generated = EncodingTableGenerator.generateMultiByte(TestData.file("whatwg-encoding/indexes.json"));
        assertEquals(MultiByteIndexes.POINTER_INDEXES.size() + 1, generated.size());
        for (Map.Entry<String, String> file : generated.entrySet()) {
            Path path = RESOURCE.resolveSibling(file.getKey());
            if (Boolean.getBoolean("hearth.regenerate")) {
                EncodingTableGenerator.write(path, file.getValue());
            }
            String committed;
            try (InputStream in = EncodingTables.class.getResourceAsStream(file.getKey())) {
                committed = in == null ? Files.readString(path) : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertEquals(file.getValue(), committed, file.getKey()
                    + " differs from the standard's data: run this test with -Dhearth.regenerate=true");
        }
    }

    @Test
    void loadedMultiByteIndexesMatchTheStandardsDataPointerForPointer() throws Exception {
        JsonNode indexes = new ObjectMapper().readTree(TestData.file("whatwg-encoding/indexes.json").toFile());
        for (String name : MultiByteIndexes.POINTER_INDEXES) {
            JsonNode want = indexes.get(name);
            int[] got = MultiByteIndexes.pointerIndex(name);
            assertEquals(want.size(), got.length, name + " size");
            for (int pointer = 0; pointer < got.length; pointer++) {
                int expected = want.get(pointer).isNull() ? MultiByteIndexes.UNMAPPED : want.get(pointer).asInt();
                assertEquals(expected, got[pointer], name + " pointer " + pointer);
            }
            assertEquals(MultiByteIndexes.UNMAPPED, MultiByteIndexes.codePoint(got, got.length));
        }
        MultiByteIndexes.Gb18030Ranges ranges = MultiByteIndexes.gb18030Ranges();
        for (JsonNode range : indexes.get("gb18030-ranges")) {
            int pointer = range.get(0).asInt();
            assertEquals(range.get(1).asInt(), ranges.codePoint(pointer), "gb18030-ranges pointer " + pointer);
        }
        assertEquals(0x10000 + 5, ranges.codePoint(189000 + 5));
        assertEquals(MultiByteIndexes.UNMAPPED, ranges.codePoint(39420));
        assertEquals(MultiByteIndexes.UNMAPPED, ranges.codePoint(1237576));
        assertEquals(0x10FFFF, ranges.codePoint(1237575));
        assertEquals(0xE7C7, ranges.codePoint(7457));
    }

    @Test
    void labelsAreMatchedCaseInsensitivelyWithoutSurroundingWhitespace() {
        EncodingTables tables = EncodingTables.standard();
        assertEquals("UTF-8", tables.nameOf(" \t\n\f\rUnicode-1-1-UTF-8\r "));
        assertEquals("windows-1252", tables.nameOf("latin1"));
        assertEquals("windows-1252", tables.nameOf("ASCII"));
        assertEquals("UTF-16LE", tables.nameOf("utf-16"));
        assertEquals("ISO-8859-8-I", tables.nameOf("logical"));
        assertEquals("replacement", tables.nameOf("iso-2022-kr"));
        assertNull(tables.nameOf("utf-7"));
        assertNull(tables.nameOf("\u00A0utf-8")); // NBSP is not ASCII whitespace
    }

    @Test
    void everySingleByteEncodingHasItsIndex() {
        EncodingTables tables = EncodingTables.standard();
        assertEquals(27, tables.singleByteIndexNames().size()); // 28 encodings; ISO-8859-8-I shares ISO-8859-8's
        assertEquals('\u20AC', tables.singleByteIndex("windows-1252")[0]);
        assertEquals(tables.singleByteIndex("ISO-8859-8")[0x60], tables.singleByteIndex("ISO-8859-8-I")[0x60]);
        assertEquals(SingleByteDecoder.UNMAPPED, tables.singleByteIndex("windows-874")[0xDB - 0x80]);
    }
}
