package dev.hearth.launcher;

import dev.hearth.cgroups.Cgroup;
import dev.hearth.cgroups.CgroupManager;
import dev.hearth.oci.runtime.LinuxResources;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Container cgroups for launcher tests that record what the launcher asks of them; the kernel
 * side is the cgroups module's to test (and {@link PoolSlotsTest}'s, on real cgroups). Dynamic
 * proxies, so these tests do not break each time an interface grows a method the launcher never
 * calls; those throw.
 */
final class FakeCgroups {

    /** What the cgroup does when the launcher adds a worker to it. */
    interface Mover {
        void add(long pid) throws Exception;
    }

    /** The calls the launcher made: "create", "addProcess <pid>", "destroy". */
    final List<String> calls = new CopyOnWriteArrayList<>();
    final CgroupSpec spec;

    /** A container cgroup at {@code path} with a memory limit (null: none). */
    FakeCgroups(String path, Long memoryLimit, Mover mover) {
        Cgroup cgroup = proxy(Cgroup.class, (proxy, method, args) -> switch (method.getName()) {
            case "path" -> path;
            case "toString" -> "FakeCgroup " + path;
            case "addProcess" -> {
                calls.add("addProcess " + args[0]);
                mover.add((Long) args[0]);
                yield null;
            }
            case "destroy" -> {
                calls.add("destroy");
                yield null;
            }
            default -> throw new UnsupportedOperationException("the launcher should not call " + method.getName());
        });
        CgroupManager manager = proxy(CgroupManager.class, (proxy, method, args) -> switch (method.getName()) {
            case "create" -> {
                calls.add("create");
                yield cgroup;
            }
            case "renames" -> false;
            case "rename" -> null;
            case "toString" -> "FakeCgroupManager";
            default -> throw new UnsupportedOperationException("the launcher should not call " + method.getName());
        });
        LinuxResources resources = memoryLimit == null ? null
                : new LinuxResources(new LinuxResources.Memory(memoryLimit, null, null, null, null, null, null), null, null, null);
        this.spec = new CgroupSpec(manager, path, resources, false);
    }

    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
