package dev.hearth.shim.mount;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.hearth.shim.mount.MountFlags.*;

/**
 * fstab-style options split the way mount(8) and containerd split them: words the kernel takes
 * as MS_* flags ({@code ro}, {@code nosuid}, {@code rbind}, ... and their negations such as
 * {@code rw}, which clear a flag), propagation words ({@code rprivate}, ...), and everything else
 * ({@code lowerdir=...}, {@code index=off}) joined with commas into the filesystem's data string.
 * Options starting with "X-" or "x-" are notes for user space (mount(8) convention) and dropped.
 *
 * @param flags MS_* flags for the mount call, propagation excluded
 * @param propagation MS_SHARED/PRIVATE/SLAVE/UNBINDABLE (with MS_REC), 0 when none
 * @param data the filesystem-specific data, "" when none
 */
public record MountOptions(long flags, long propagation, String data) {

    private record Flag(boolean clear, long bits) {}

    private static final Map<String, Flag> FLAGS = Map.ofEntries(
            Map.entry("async", new Flag(true, MS_SYNCHRONOUS)),
            Map.entry("atime", new Flag(true, MS_NOATIME)),
            Map.entry("bind", new Flag(false, MS_BIND)),
            Map.entry("defaults", new Flag(false, 0)),
            Map.entry("dev", new Flag(true, MS_NODEV)),
            Map.entry("diratime", new Flag(true, MS_NODIRATIME)),
            Map.entry("dirsync", new Flag(false, MS_DIRSYNC)),
            Map.entry("exec", new Flag(true, MS_NOEXEC)),
            Map.entry("lazytime", new Flag(false, MS_LAZYTIME)),
            Map.entry("nolazytime", new Flag(true, MS_LAZYTIME)),
            Map.entry("mand", new Flag(false, MS_MANDLOCK)),
            Map.entry("noatime", new Flag(false, MS_NOATIME)),
            Map.entry("nodev", new Flag(false, MS_NODEV)),
            Map.entry("nodiratime", new Flag(false, MS_NODIRATIME)),
            Map.entry("noexec", new Flag(false, MS_NOEXEC)),
            Map.entry("nomand", new Flag(true, MS_MANDLOCK)),
            Map.entry("norelatime", new Flag(true, MS_RELATIME)),
            Map.entry("nostrictatime", new Flag(true, MS_STRICTATIME)),
            Map.entry("nosuid", new Flag(false, MS_NOSUID)),
            Map.entry("nosymfollow", new Flag(false, MS_NOSYMFOLLOW)),
            Map.entry("rbind", new Flag(false, MS_BIND | MS_REC)),
            Map.entry("relatime", new Flag(false, MS_RELATIME)),
            Map.entry("remount", new Flag(false, MS_REMOUNT)),
            Map.entry("ro", new Flag(false, MS_RDONLY)),
            Map.entry("rw", new Flag(true, MS_RDONLY)),
            Map.entry("strictatime", new Flag(false, MS_STRICTATIME)),
            Map.entry("suid", new Flag(true, MS_NOSUID)),
            Map.entry("sync", new Flag(false, MS_SYNCHRONOUS)));

    private static final Map<String, Long> PROPAGATION = Map.of(
            "private", MS_PRIVATE, "rprivate", MS_PRIVATE | MS_REC,
            "shared", MS_SHARED, "rshared", MS_SHARED | MS_REC,
            "slave", MS_SLAVE, "rslave", MS_SLAVE | MS_REC,
            "unbindable", MS_UNBINDABLE, "runbindable", MS_UNBINDABLE | MS_REC);

    /** Options that need user-space work (a loop device) hearth does not do. */
    private static final List<String> UNSUPPORTED = List.of("loop");

    /** Later words win over earlier ones ({@code ro,rw} is read-write), as in mount(8). */
    public static MountOptions parse(List<String> options) throws MountException {
        long flags = 0, propagation = 0;
        List<String> data = new ArrayList<>();
        for (String option : options) {
            if (option == null || option.isEmpty()) continue;
            if (option.startsWith("X-") || option.startsWith("x-")) continue;
            if (UNSUPPORTED.contains(option) || option.startsWith("loop=")) {
                throw new MountException("mount option " + option + " is not supported (it needs a loop device)");
            }
            Flag f = FLAGS.get(option);
            if (f != null) {
                flags = f.clear() ? flags & ~f.bits() : flags | f.bits();
                continue;
            }
            Long p = PROPAGATION.get(option);
            if (p != null) {
                propagation = p;
                continue;
            }
            data.add(option);
        }
        return new MountOptions(flags, propagation, String.join(",", data));
    }

    public boolean has(long flag) {
        return (flags & flag) == flag;
    }
}
