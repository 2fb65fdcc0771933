package dev.hearth.build;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Reads tar streams with commons-compress, an implementation independent of {@link TarWriter}. */
record TarEntries(List<TarArchiveEntry> entries, Map<String, byte[]> contents) {

    static TarEntries read(byte[] tar) throws IOException {
        return read(new ByteArrayInputStream(tar));
    }

    static TarEntries readGzip(byte[] tgz) throws IOException {
        return read(new GZIPInputStream(new ByteArrayInputStream(tgz)));
    }

    static TarEntries read(InputStream in) throws IOException {
        List<TarArchiveEntry> entries = new ArrayList<>();
        Map<String, byte[]> contents = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                entries.add(e);
                contents.put(e.getName(), tar.readAllBytes());
            }
        }
        return new TarEntries(entries, contents);
    }

    List<String> names() {
        return entries.stream().map(TarArchiveEntry::getName).toList();
    }

    TarArchiveEntry entry(String name) {
        return entries.stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no entry " + name + " in " + names()));
    }

    byte[] content(String name) {
        entry(name);
        return contents.get(name);
    }
}
