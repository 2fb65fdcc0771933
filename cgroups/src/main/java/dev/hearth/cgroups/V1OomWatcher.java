package dev.hearth.cgroups;

import dev.hearth.sys.EventFd;
import dev.hearth.sys.Fd;

import java.nio.file.Path;

/**
 * cgroup v1 OOM notification: an eventfd registered through {@code cgroup.event_control} for
 * {@code memory.oom_control} ("&lt;event fd&gt; &lt;oom_control fd&gt;"). The kernel adds to the
 * eventfd on every OOM in the cgroup, and once more when the cgroup is removed; the latter is
 * told apart by {@code cgroup.event_control} being gone. The oom_control fd is only needed
 * while registering (the kernel keeps no reference to it) and is closed right away.
 */
final class V1OomWatcher extends BlockingOomWatcher {
    private final Path memoryDir;
    private final EventFd eventFd;

    private V1OomWatcher(String cgroup, Path memoryDir, EventFd eventFd, Runnable onOom) {
        super(cgroup, onOom);
        this.memoryDir = memoryDir;
        this.eventFd = eventFd;
    }

    static OomWatcher start(String cgroup, Path memoryDir, Runnable onOom) throws CgroupException {
        EventFd efd;
        try {
            efd = EventFd.create();
        } catch (IllegalStateException e) {
            throw new CgroupException("cgroup " + cgroup + ": OOM watch: " + e.getMessage(), e);
        }
        try {
            int oomControl = Fd.openReadOnly(memoryDir.resolve("memory.oom_control"));
            try {
                CgroupFiles.write(cgroup, memoryDir, "cgroup.event_control", efd.fd() + " " + oomControl);
            } finally {
                Fd.close(oomControl);
            }
        } catch (CgroupException | RuntimeException e) {
            efd.close();
            if (e instanceof CgroupException c) throw c;
            throw new CgroupException("cgroup " + cgroup + ": OOM watch: " + e.getMessage(), e);
        }
        V1OomWatcher w = new V1OomWatcher(cgroup, memoryDir, efd, onOom);
        w.start("v1");
        return w;
    }

    @Override
    boolean awaitOom() {
        eventFd.await();
        if (isClosed()) return false;
        return CgroupFiles.exists(memoryDir, "cgroup.event_control"); // gone: the cgroup was removed
    }

    @Override
    void wake() {
        eventFd.signal();
    }

    @Override
    void release() {
        eventFd.close(); // also unregisters the event in the kernel
    }
}
