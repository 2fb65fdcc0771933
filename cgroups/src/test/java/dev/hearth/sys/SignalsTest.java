package dev.hearth.sys;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class SignalsTest {

    @Test
    void parsesNamesWithAndWithoutPrefixAndNumbers() {
        assertEquals(15, Signals.parse("SIGTERM"));
        assertEquals(15, Signals.parse("TERM"));
        assertEquals(15, Signals.parse("term"));
        assertEquals(15, Signals.parse("15"));
        assertEquals(9, Signals.parse("SIGKILL"));
        assertEquals(1, Signals.parse("hup"));
        assertEquals(10, Signals.parse("SIGUSR1"));
        assertEquals(6, Signals.parse("IOT"));
        assertEquals(34, Signals.parse("SIGRTMIN"));
        assertEquals(37, Signals.parse("RTMIN+3"));
        assertEquals(62, Signals.parse("SIGRTMAX-2"));
        assertEquals(64, Signals.parse("64"));
    }

    @Test
    void rejectsUnknownNamesAndNumbersOutOfRange() {
        for (String bad : new String[]{"", "SIGFOO", "0", "65", "99999999999", "-9", "RTMIN+40", "RTMIN+", "SIG"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Signals.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("signal"), e.getMessage());
        }
    }

    @Test
    void namesRoundTrip() {
        for (int n = 1; n <= Signals.SIGRTMAX; n++) {
            if (n == 32 || n == 33) continue; // reserved by glibc, no name
            assertEquals(n, Signals.parse(Signals.name(n)), Signals.name(n));
        }
        assertEquals("SIGTERM", Signals.name(15));
        assertEquals("SIGRTMIN+2", Signals.name(36));
        assertEquals("SIG32", Signals.name(32));
    }

    @Test
    void killReportsWhetherTheProcessExisted() throws Exception {
        Process p = new ProcessBuilder("sleep", "60").start();
        try {
            assertTrue(Signals.kill(p.pid(), 0), "signal 0 probes a live process");
            assertTrue(Signals.kill(p.pid(), Signals.SIGTERM));
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            assertEquals(128 + Signals.SIGTERM, p.exitValue());
            assertFalse(Signals.kill(p.pid(), 0), "a reaped process no longer exists");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void killRefusesGroupAddressingPids() {
        assertThrows(IllegalArgumentException.class, () -> Signals.kill(0, 0));
        assertThrows(IllegalArgumentException.class, () -> Signals.kill(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> Signals.kill(1, 99));
    }
}
