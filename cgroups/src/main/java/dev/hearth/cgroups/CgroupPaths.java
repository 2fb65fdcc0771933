package dev.hearth.cgroups;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns {@code linux.cgroupsPath} into an absolute cgroup path (a path inside a hierarchy,
 * always starting with "/", never ending with one except the root "/").
 *
 * <p>An absolute value is used as it is. A relative one is placed under the cgroup of the calling
 * process, as runc does, so a daemon started inside a delegated cgroup keeps its containers
 * below itself. ".." may not climb out of that base: a container must not pick a cgroup above
 * the runtime's own. The systemd form {@code slice:prefix:name} is recognised and refused
 * until the systemd driver exists.
 */
public final class CgroupPaths {
    private CgroupPaths() {}

    /**
     * @param cgroupsPath the value from config.json
     * @param ownCgroup the caller's cgroup in the hierarchy concerned, e.g. "/" or "/user.slice"
     */
    public static String resolve(String cgroupsPath, String ownCgroup) throws CgroupException {
        if (cgroupsPath == null || cgroupsPath.isBlank()) {
            throw new CgroupException("cgroupsPath is empty (a path such as /default/<id> is required)");
        }
        if (cgroupsPath.indexOf('\0') >= 0 || cgroupsPath.indexOf('\n') >= 0) {
            throw new CgroupException("cgroupsPath " + printable(cgroupsPath) + ": contains a NUL or newline");
        }
        if (isSystemdStyle(cgroupsPath)) {
            throw new CgroupException("cgroupsPath " + cgroupsPath
                    + ": systemd style slice:prefix:name paths are not supported yet (use a cgroupfs path such as /default/<id>)");
        }
        if (cgroupsPath.startsWith("/")) {
            return normalize(cgroupsPath, "/", cgroupsPath);
        }
        String base = ownCgroup == null || ownCgroup.isEmpty() ? "/" : ownCgroup;
        if (!base.startsWith("/")) throw new CgroupException("own cgroup " + base + " is not absolute");
        return normalize(base + "/" + cgroupsPath, normalize(base, "/", base), cgroupsPath);
    }

    /** containerd's systemd cgroup driver writes "system.slice:cri-containerd:id": no slash, two colons. */
    static boolean isSystemdStyle(String path) {
        return !path.startsWith("/") && path.split(":", -1).length == 3;
    }

    /** Collapses "." and "//", applies "..", refusing to climb above {@code floor}. */
    private static String normalize(String path, String floor, String original) throws CgroupException {
        List<String> parts = new ArrayList<>();
        int floorDepth = 0;
        if (!floor.equals("/")) {
            for (String p : floor.split("/")) if (!p.isEmpty()) floorDepth++;
        }
        for (String p : path.split("/")) {
            if (p.isEmpty() || p.equals(".")) continue;
            if (p.equals("..")) {
                if (parts.size() <= floorDepth) {
                    throw new CgroupException("cgroupsPath " + original + ": \"..\" escapes "
                            + (floor.equals("/") ? "the cgroup root" : "the runtime's own cgroup " + floor));
                }
                parts.removeLast();
                continue;
            }
            parts.add(p);
        }
        return "/" + String.join("/", parts);
    }

    private static String printable(String s) {
        return s.replace("\0", "\\0").replace("\n", "\\n");
    }
}
