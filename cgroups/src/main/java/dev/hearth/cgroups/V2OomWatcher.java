package dev.hearth.cgroups;

import dev.hearth.sys.Inotify;

import java.nio.file.Path;

/**
 * cgroup v2 OOM notification: inotify IN_MODIFY on {@code memory.events}, which the kernel
 * touches whenever one of its counters moves; an OOM kill is reported when {@code oom_kill} went
 * up since the last look (the file also changes for low/high/max events). IN_IGNORED ends the
 * watch: it comes when the cgroup is removed, and when close() removes the watch.
 */
final class V2OomWatcher extends BlockingOomWatcher {
    private final Path dir;
    private final Inotify inotify;
    private final int wd;
    private long kills;

    private V2OomWatcher(String cgroup, Path dir, Inotify inotify, int wd, long kills, Runnable onOom) {
        super(cgroup, onOom);
        this.dir = dir;
        this.inotify = inotify;
        this.wd = wd;
        this.kills = kills;
    }

    static OomWatcher start(String cgroup, Path dir, Runnable onOom) throws CgroupException {
        if (!CgroupFiles.exists(dir, "memory.events")) {
            throw new CgroupException("cgroup " + cgroup + ": OOM watch: no memory.events in " + dir
                    + " (memory controller not enabled?)");
        }
        Inotify in;
        try {
            in = Inotify.create();
        } catch (IllegalStateException e) {
            throw new CgroupException("cgroup " + cgroup + ": OOM watch: " + e.getMessage(), e);
        }
        try {
            int wd = in.addWatch(dir.resolve("memory.events"), Inotify.IN_MODIFY);
            // Read after the watch exists: a kill between the two is then seen as a change.
            long kills = oomKills(cgroup, dir);
            V2OomWatcher w = new V2OomWatcher(cgroup, dir, in, wd, kills, onOom);
            w.start("v2");
            return w;
        } catch (CgroupException | RuntimeException e) {
            in.close();
            if (e instanceof CgroupException c) throw c;
            throw new CgroupException("cgroup " + cgroup + ": OOM watch: " + e.getMessage(), e);
        }
    }

    static long oomKills(String cgroup, Path dir) throws CgroupException {
        return StatFiles.flatKeyedOrEmpty(cgroup, dir, "memory.events").getOrDefault("oom_kill", 0L);
    }

    @Override
    boolean awaitOom() {
        while (true) {
            for (Inotify.Event e : inotify.await()) {
                if (e.is(Inotify.IN_IGNORED)) return false;
            }
            if (isClosed()) return false;
            long now;
            try {
                now = oomKills(cgroup, dir);
            } catch (CgroupException e) {
                if (!CgroupFiles.exists(dir, "memory.events")) return false; // removed meanwhile
                throw new IllegalStateException(e.getMessage(), e);
            }
            if (now > kills) {
                kills = now;
                return true;
            }
        }
    }

    @Override
    void wake() {
        inotify.removeWatch(wd); // queues IN_IGNORED; false when the cgroup's removal did already
    }

    @Override
    void release() {
        inotify.close();
    }
}
