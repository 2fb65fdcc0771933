package dev.hearth.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TarWriterTest {

    @Test
    void entriesReadBackWithNamesModesContentAndFixedOwnerAndTime() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarWriter tar = new TarWriter(bytes, 1_700_000_000L)) {
            tar.directory("app", 0755);
            tar.file("app/a.js", 0644, "console.log(1)".getBytes(StandardCharsets.UTF_8));
            tar.file("app/run", 0755, 3, new ByteArrayInputStream("abc".getBytes()));
            tar.symlink("app/link.js", "a.js");
        }
        assertEquals(0, bytes.size() % 512, "whole blocks");
        TarEntries read = TarEntries.read(bytes.toByteArray());
        assertEquals(List.of("app/", "app/a.js", "app/run", "app/link.js"), read.names());
        assertTrue(read.entry("app/").isDirectory());
        assertEquals(0644, read.entry("app/a.js").getMode());
        assertEquals(0755, read.entry("app/run").getMode());
        assertEquals("console.log(1)", new String(read.content("app/a.js"), StandardCharsets.UTF_8));
        assertTrue(read.entry("app/link.js").isSymbolicLink());
        assertEquals("a.js", read.entry("app/link.js").getLinkName());
        for (var e : read.entries()) {
            assertEquals(0, e.getLongUserId());
            assertEquals(0, e.getLongGroupId());
            assertEquals("", e.getUserName());
            assertEquals(1_700_000_000L, e.getLastModifiedTime().toInstant().getEpochSecond());
        }
    }

    @Test
    void longAndNonAsciiNamesAndLinkTargetsSurviveThroughPax() throws IOException {
        String longDir = "app/" + "d".repeat(120) + "/";
        String longFile = longDir + "f".repeat(150) + ".js";
        String unicode = "app/grüße-✓.js";
        String longTarget = "../" + "t".repeat(140) + ".js";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarWriter tar = new TarWriter(bytes, 0)) {
            tar.directory(longDir, 0755);
            tar.file(longFile, 0644, "x".getBytes());
            tar.file(unicode, 0644, "y".getBytes());
            tar.symlink("app/l", longTarget);
        }
        TarEntries read = TarEntries.read(bytes.toByteArray());
        assertEquals(List.of(longDir, longFile, unicode, "app/l"), read.names());
        assertArrayEquals("x".getBytes(), read.content(longFile));
        assertEquals(longTarget, read.entry("app/l").getLinkName());
    }

    @Test
    void paxRecordLengthCountsItsOwnDigitsAcrossADigitBoundary() {
        // Bodies of 8..12 bytes straddle the 1 -> 2 digit boundary; 97..99 the 2 -> 3 one.
        for (int valueLength = 0; valueLength < 120; valueLength++) {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("path", "p".repeat(valueLength));
            String record = new String(TarWriter.paxRecords(values), StandardCharsets.UTF_8);
            int declared = Integer.parseInt(record.substring(0, record.indexOf(' ')));
            assertEquals(record.getBytes(StandardCharsets.UTF_8).length, declared, record);
        }
    }

    @Test
    void aSourceShorterOrLongerThanDeclaredIsAnError() {
        var shrank = assertThrows(TarWriter.SourceChangedException.class, () -> new TarWriter(new ByteArrayOutputStream(), 0)
                .file("a", 0644, 5, new ByteArrayInputStream("abc".getBytes())));
        assertTrue(shrank.getMessage().contains("shrank"), shrank.getMessage());
        var grew = assertThrows(TarWriter.SourceChangedException.class, () -> new TarWriter(new ByteArrayOutputStream(), 0)
                .file("a", 0644, 2, new ByteArrayInputStream("abc".getBytes())));
        assertTrue(grew.getMessage().contains("grew"), grew.getMessage());
    }

    @Test
    void sameEntriesGiveSameBytes() throws IOException {
        assertArrayEquals(sample(), sample());
    }

    private static byte[] sample() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarWriter tar = new TarWriter(bytes, 42)) {
            tar.directory("app", 0755);
            tar.file("app/" + "n".repeat(200), 0644, "content".getBytes());
        }
        return bytes.toByteArray();
    }
}
