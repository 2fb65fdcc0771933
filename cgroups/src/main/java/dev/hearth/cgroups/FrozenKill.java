package dev.hearth.cgroups;

import dev.hearth.sys.Signals;

/**
 * Signals every process of a cgroup while it is frozen, so that none can fork a child the
 * signal would miss (the v1 and v2 freezers differ; this order does not).
 */
final class FrozenKill {
    private FrozenKill() {}

    static void signalAll(Cgroup cgroup, boolean canFreeze, int signal) throws CgroupException {
        boolean frozen = false;
        if (canFreeze && !cgroup.pids().isEmpty()) {
            try {
                cgroup.freeze();
                frozen = true;
            } catch (CgroupException e) {
                // A task stuck in uninterruptible sleep can keep the cgroup from freezing. Ending
                // the processes matters more than the fork race the freeze closes: signal anyway
                // (freeze() has thawed again).
            }
        }
        try {
            for (long pid : cgroup.pids()) Signals.kill(pid, signal);
        } catch (RuntimeException e) {
            throw new CgroupException("cgroup " + cgroup.path() + ": kill " + Signals.name(signal) + ": " + e.getMessage(), e);
        } finally {
            if (frozen) cgroup.thaw();
        }
    }
}
