package dev.hearth.launcher.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.launcher.js.FunctionOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StdioTargetTest {

    @TempDir
    Path tmp;

    @Test
    void fileUriIsCreatedAndAppendedTo() throws IOException {
        Path log = tmp.resolve("out.log");
        Files.writeString(log, "earlier\n");
        try (FunctionOutput out = StdioTarget.openForWriting("stdout", log.toUri().toString())) {
            out.write("later\n");
        }
        assertEquals("earlier\nlater\n", Files.readString(log));
        Path fresh = tmp.resolve("fresh.log");
        try (FunctionOutput out = StdioTarget.openForWriting("stderr", "file://" + fresh)) {
            out.write("new\n");
        }
        assertEquals("new\n", Files.readString(fresh));
    }

    @Test
    void emptyMeansDiscard() throws IOException {
        try (FunctionOutput out = StdioTarget.openForWriting("stdout", "")) {
            out.write("gone\n");
            assertEquals("stdout", out.name());
        }
    }

    @Test
    void aMissingFifoIsNotCreated() {
        Path missing = tmp.resolve("missing-fifo");
        IOException e = assertThrows(IOException.class, () -> StdioTarget.openForWriting("stdout", missing.toString()));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertFalse(Files.exists(missing));
    }

    @Test
    void otherFormsAreRefusedWithTheirName() {
        IOException relative = assertThrows(IOException.class, () -> StdioTarget.openForWriting("stdout", "relative/fifo"));
        assertTrue(relative.getMessage().contains("not an absolute path"), relative.getMessage());
        IOException binary = assertThrows(IOException.class, () -> StdioTarget.openForWriting("stderr", "binary:///usr/bin/logger?x=1"));
        assertTrue(binary.getMessage().startsWith("stderr binary://"), binary.getMessage());
    }
}
