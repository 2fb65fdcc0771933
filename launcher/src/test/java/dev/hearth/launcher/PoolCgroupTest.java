package dev.hearth.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.cgroups.Cgroup;
import dev.hearth.cgroups.CgroupManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Real cgroups (root only): a daemon removes the empty pool cgroups of daemons that are gone, never a live one's. */
class PoolCgroupTest {

    @Test
    void stalePoolCgroupsGoLiveOnesStay() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to create cgroups");
        CgroupManager cgroups = CgroupManager.detect();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long deadPid = gone.pid();
        long livePid = ProcessHandle.current().pid(); // a JVM, like a daemon
        Cgroup stale = cgroups.create(PoolCgroup.pathFor(deadPid), null);
        Cgroup live = cgroups.create(PoolCgroup.pathFor(livePid), null);
        List<String> log = new ArrayList<>();
        try {
            assertTrue(PoolCgroup.poolPids().containsAll(List.of(deadPid, livePid)));
            List<String> removed = PoolCgroup.removeStale(cgroups, log::add);
            assertTrue(removed.contains(PoolCgroup.pathFor(deadPid)), removed + " " + log);
            assertFalse(removed.contains(PoolCgroup.pathFor(livePid)));
            assertFalse(PoolCgroup.poolPids().contains(deadPid));
            assertTrue(PoolCgroup.poolPids().contains(livePid));
        } finally {
            live.delete();
            if (PoolCgroup.poolPids().contains(deadPid)) {
                stale.delete();
            }
        }
        assertEquals(List.of(), log);
    }
}
