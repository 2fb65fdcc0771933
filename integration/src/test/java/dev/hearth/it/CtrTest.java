package dev.hearth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CtrTest {
    private static final Path FIFOS = Path.of("/tmp/hearth-it-1/scratch/fifo");

    @Test
    void putsTheFifoDirectoryAfterTheSubcommandsThatMakeFifos() {
        assertEquals(List.of("run", "--fifo-dir", FIFOS.toString(), "--rm", "img", "id"),
                Ctr.withFifoDir(List.of("run", "--rm", "img", "id"), FIFOS));
        assertEquals(List.of("task", "start", "--fifo-dir", FIFOS.toString(), "id"),
                Ctr.withFifoDir(List.of("task", "start", "id"), FIFOS));
        assertEquals(List.of("task", "exec", "--fifo-dir", FIFOS.toString(), "--exec-id", "e", "id", "true"),
                Ctr.withFifoDir(List.of("task", "exec", "--exec-id", "e", "id", "true"), FIFOS));
    }

    @Test
    void leavesOtherCommandsAndAnExplicitChoiceAlone() {
        assertEquals(List.of("task", "kill", "id"), Ctr.withFifoDir(List.of("task", "kill", "id"), FIFOS));
        assertEquals(List.of("version"), Ctr.withFifoDir(List.of("version"), FIFOS));
        assertEquals(List.of("run", "--fifo-dir", "/x", "img", "id"), Ctr.withFifoDir(List.of("run", "--fifo-dir", "/x", "img", "id"), FIFOS));
    }
}
