package dev.hearth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcsTest {
    @Test
    void readsTheParentPidEvenWhenTheCommandNameHasSpacesAndParentheses() {
        assertEquals(1, Procs.parentPid("4242 (java) S 1 4242 4242 0 -1 4194560 ..."));
        assertEquals(77, Procs.parentPid("99 (a b) (c)) R 77 99 99 0 -1"));
    }

    @Test
    void seesThisJvmsChildrenWithTheirParent() throws Exception {
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            long self = ProcessHandle.current().pid();
            var found = Procs.matching(p -> p.pid() == child.pid());
            assertEquals(1, found.size(), found.toString());
            assertEquals(self, found.getFirst().ppid());
            assertTrue(found.getFirst().cmdline().equals("sleep 30"), found.getFirst().cmdline());
        } finally {
            child.destroyForcibly().waitFor();
        }
    }
}
