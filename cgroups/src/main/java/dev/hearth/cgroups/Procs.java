package dev.hearth.cgroups;

import java.util.ArrayList;
import java.util.List;

/** The content of cgroup.procs: one pid per line. */
final class Procs {
    private Procs() {}

    static List<Long> parse(String cgroup, String text) throws CgroupException {
        List<Long> pids = new ArrayList<>();
        for (String line : text.split("\n")) {
            String s = line.strip();
            if (s.isEmpty()) continue;
            try {
                pids.add(Long.parseLong(s));
            } catch (NumberFormatException e) {
                throw new CgroupException("cgroup " + cgroup + ": cgroup.procs: not a pid: " + s, e);
            }
        }
        return pids;
    }
}
