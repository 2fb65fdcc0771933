package dev.hearth.cgroups;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class CgroupPathsTest {

    @Test
    void absolutePathsAreUsedAsTheyAreButNormalised() throws CgroupException {
        assertEquals("/default/fn1", CgroupPaths.resolve("/default/fn1", "/ignored"));
        assertEquals("/default/fn1", CgroupPaths.resolve("//default/./fn1/", "/"));
        assertEquals("/b", CgroupPaths.resolve("/a/../b", "/"));
    }

    @Test
    void relativePathsGoUnderTheCallersCgroup() throws CgroupException {
        assertEquals("/user.slice/hearth/fn1", CgroupPaths.resolve("hearth/fn1", "/user.slice"));
        assertEquals("/fn1", CgroupPaths.resolve("fn1", "/"));
        assertEquals("/fn1", CgroupPaths.resolve("fn1", null));
        assertEquals("/a/b/c", CgroupPaths.resolve("x/../c", "/a/b"));
    }

    @Test
    void dotDotMayNotEscape() {
        CgroupException e = assertThrows(CgroupException.class, () -> CgroupPaths.resolve("../other", "/a/b"));
        assertTrue(e.getMessage().contains("\"..\" escapes the runtime's own cgroup /a/b"), e.getMessage());
        e = assertThrows(CgroupException.class, () -> CgroupPaths.resolve("/a/../../etc", "/"));
        assertTrue(e.getMessage().contains("escapes the cgroup root"), e.getMessage());
        assertTrue(e.getMessage().contains("/a/../../etc"), "names the path as given: " + e.getMessage());
    }

    @Test
    void systemdPathsBecomeThePathSystemdGivesTheUnit() throws CgroupException {
        assertEquals("/system.slice/cri-containerd-abc.scope", CgroupPaths.resolve("system.slice:cri-containerd:abc", "/"));
        assertEquals("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1.slice/cri-containerd-abc.scope",
                CgroupPaths.resolve("kubepods-burstable-pod1.slice:cri-containerd:abc", "/user.slice"),
                "the slice's parents, and independent of the caller's own cgroup");
        assertEquals("/system.slice/abc.scope", CgroupPaths.resolve(":" + ":abc", "/"), "no slice: system.slice; no prefix");
        assertEquals("/machine.slice/machine-fn.slice", CgroupPaths.resolve("machine.slice::machine-fn.slice", "/"),
                "a name that is a slice is used as it is");
        assertEquals("/hearth-fn.scope", CgroupPaths.resolve("-.slice:hearth:fn", "/"), "-.slice is the root");
    }

    @Test
    void badSystemdPathsAreNamed() {
        for (String bad : new String[] {"system:cri:abc", "a--b.slice:p:abc", "-a.slice:p:abc", "system.slice:p:", "system.slice:p:..",
                "system.slice:p/q:abc"}) {
            CgroupException e = assertThrows(CgroupException.class, () -> CgroupPaths.resolve(bad, "/"), bad);
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
    }

    @Test
    void emptyAndControlCharactersAreRejected() {
        assertThrows(CgroupException.class, () -> CgroupPaths.resolve("", "/"));
        assertThrows(CgroupException.class, () -> CgroupPaths.resolve(null, "/"));
        assertThrows(CgroupException.class, () -> CgroupPaths.resolve("/a\nb", "/"));
    }
}
