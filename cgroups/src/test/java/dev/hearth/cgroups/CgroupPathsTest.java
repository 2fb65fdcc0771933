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
    void systemdSlicePathsAreNotSupportedYet() {
        CgroupException e = assertThrows(CgroupException.class,
                () -> CgroupPaths.resolve("system.slice:cri-containerd:abc", "/"));
        assertTrue(e.getMessage().contains("not supported yet"), e.getMessage());
        assertTrue(e.getMessage().contains("system.slice:cri-containerd:abc"), e.getMessage());
    }

    @Test
    void emptyAndControlCharactersAreRejected() {
        assertThrows(CgroupException.class, () -> CgroupPaths.resolve("", "/"));
        assertThrows(CgroupException.class, () -> CgroupPaths.resolve(null, "/"));
        assertThrows(CgroupException.class, () -> CgroupPaths.resolve("/a\nb", "/"));
    }
}
