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
 * the runtime's own.
 *
 * <p>The systemd form {@code slice:prefix:name} (containerd's and Kubernetes' systemd cgroup
 * driver, e.g. {@code kubepods-burstable.slice:cri-containerd:<id>}) becomes the path systemd
 * gives that unit: the slice expanded to its parents ({@code /kubepods.slice/kubepods-burstable.slice}),
 * then {@code <prefix>-<name>.scope} (or {@code <name>} itself when it is a slice). hearth
 * creates that cgroup directly; it does not ask systemd over D-Bus for a transient unit, so
 * systemd does not know the scope (see cgroups/README.md).
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
            return systemdPath(cgroupsPath);
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

    /** {@code slice:prefix:name} as the cgroup path systemd would give the unit. */
    static String systemdPath(String cgroupsPath) throws CgroupException {
        String[] parts = cgroupsPath.split(":", -1);
        String slice = parts[0].isEmpty() ? "system.slice" : parts[0];
        String prefix = parts[1];
        String name = parts[2];
        if (name.isEmpty()) {
            throw new CgroupException("cgroupsPath " + cgroupsPath + ": the unit name (after the second colon) is empty");
        }
        for (String part : new String[] {slice, prefix, name}) {
            if (part.contains("/") || part.equals(".") || part.equals("..")) {
                throw new CgroupException("cgroupsPath " + cgroupsPath + ": \"" + part + "\" is not a systemd unit name");
            }
        }
        String unit = name.endsWith(".slice") ? name : (prefix.isEmpty() ? name : prefix + "-" + name) + ".scope";
        String base = expandSlice(slice, cgroupsPath);
        return (base.equals("/") ? "" : base) + "/" + unit;
    }

    /** "a-b-c.slice" lives at /a.slice/a-b.slice/a-b-c.slice; "-.slice" is the root. */
    private static String expandSlice(String slice, String original) throws CgroupException {
        if (!slice.endsWith(".slice")) {
            throw new CgroupException("cgroupsPath " + original + ": \"" + slice + "\" is not a slice (it must end with .slice)");
        }
        if (slice.equals("-.slice")) return "/";
        String stem = slice.substring(0, slice.length() - ".slice".length());
        if (stem.isEmpty() || stem.startsWith("-") || stem.endsWith("-") || stem.contains("--")) {
            throw new CgroupException("cgroupsPath " + original + ": \"" + slice + "\" is not a valid slice name");
        }
        StringBuilder path = new StringBuilder();
        String[] words = stem.split("-");
        String prefix = "";
        for (String word : words) {
            prefix = prefix.isEmpty() ? word : prefix + "-" + word;
            path.append('/').append(prefix).append(".slice");
        }
        return path.toString();
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
