package dev.hearth.shim.task;

import dev.hearth.shim.mount.MountSpec;
import dev.hearth.shim.mount.Mounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * A container's root filesystem at {@code <bundle>/rootfs}: the snapshot mounts containerd sent
 * with Create (overlay or bind), or, when it sent none, the directory the bundle already has.
 */
final class Rootfs {
    private final Path path;
    private final boolean mounted;

    private Rootfs(Path path, boolean mounted) {
        this.path = path;
        this.mounted = mounted;
    }

    Path path() { return path; }

    boolean mounted() { return mounted; }

    static Rootfs mount(Path bundle, List<MountSpec> mounts) throws IOException {
        Path target = bundle.resolve("rootfs");
        Files.createDirectories(target);
        if (mounts.isEmpty()) return new Rootfs(target, false);
        if (mounts.size() > 1) {
            // containerd's snapshotters describe a rootfs as one mount; stacking several is not a case we know.
            throw new IOException("rootfs has " + mounts.size() + " mounts; hearth supports one");
        }
        Mounts.mount(mounts.getFirst(), target);
        return new Rootfs(target, true);
    }

    void unmount() throws IOException {
        if (mounted) Mounts.unmount(path);
    }

    /**
     * Unmounts at once and leaves the kernel's teardown of the file system (an overlay syncs the
     * host's file system first) to {@code releaser}: see {@link Mounts#detach}.
     */
    void unmountDetached(Executor releaser) throws IOException {
        if (!mounted) return;
        Mounts.Detached held = Mounts.detach(path);
        if (held != null) releaser.execute(held::close);
    }
}
