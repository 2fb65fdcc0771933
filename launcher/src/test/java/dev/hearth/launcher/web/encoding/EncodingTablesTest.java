package dev.hearth.launcher.web.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.hearth.launcher.web.TestData;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
