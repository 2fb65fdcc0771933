package dev.hearth.shim.mount;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.hearth.shim.mount.MountFlags.*;
import static org.junit.jupiter.api.Assertions.*;

class MountOptionsTest {

    @Test
    void overlayOptionsAreAllData() throws MountException {
        MountOptions o = MountOptions.parse(List.of("index=off", "lowerdir=/s/2/fs:/s/1/fs", "upperdir=/s/3/fs", "workdir=/s/3/work"));
        assertEquals(0, o.flags());
        assertEquals(0, o.propagation());
        assertEquals("index=off,lowerdir=/s/2/fs:/s/1/fs,upperdir=/s/3/fs,workdir=/s/3/work", o.data());
    }

    @Test
    void bindWordsAreFlags() throws MountException {
        MountOptions ro = MountOptions.parse(List.of("rbind", "ro"));
        assertEquals(MS_BIND | MS_REC | MS_RDONLY, ro.flags());
        assertEquals("", ro.data());
        MountOptions rw = MountOptions.parse(List.of("rbind", "rw"));
        assertEquals(MS_BIND | MS_REC, rw.flags());
        assertTrue(rw.has(MS_BIND));
        assertFalse(rw.has(MS_RDONLY));
    }

    @Test
    void laterWordsWinAndNegationsClear() throws MountException {
        assertEquals(0, MountOptions.parse(List.of("ro", "rw")).flags());
        assertEquals(MS_RDONLY, MountOptions.parse(List.of("rw", "ro")).flags());
        assertEquals(MS_NODEV, MountOptions.parse(List.of("nosuid", "nodev", "suid")).flags());
        assertEquals(MS_NOATIME, MountOptions.parse(List.of("defaults", "noatime")).flags());
    }

    @Test
    void flagsAndDataMix() throws MountException {
        MountOptions o = MountOptions.parse(List.of("ro", "nosuid", "lowerdir=/a:/b", "userxattr"));
        assertEquals(MS_RDONLY | MS_NOSUID, o.flags());
        assertEquals("lowerdir=/a:/b,userxattr", o.data());
    }

    @Test
    void propagationIsSeparate() throws MountException {
        MountOptions o = MountOptions.parse(List.of("rbind", "rprivate"));
        assertEquals(MS_BIND | MS_REC, o.flags());
        assertEquals(MS_PRIVATE | MS_REC, o.propagation());
        assertEquals(MS_SLAVE, MountOptions.parse(List.of("slave")).propagation());
    }

    @Test
    void userSpaceNotesAreDroppedAndLoopIsRefused() throws MountException {
        assertEquals("", MountOptions.parse(List.of("X-containerd.mkdir.path=/x", "x-systemd.automount", "")).data());
        MountException e = assertThrows(MountException.class, () -> MountOptions.parse(List.of("loop", "ro")));
        assertTrue(e.getMessage().contains("loop"), e.getMessage());
    }

    @Test
    void specNormalisesNullsAndRefusesEmptyType() {
        MountSpec s = new MountSpec("bind", null, null);
        assertEquals("", s.source());
        assertEquals(List.of(), s.options());
        assertThrows(IllegalArgumentException.class, () -> new MountSpec("", "/x", List.of()));
    }
}
