package dev.hearth.shim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DaemonArgsTest {

    @Test
    void readsWhatTheShLauncherPasses() {
        DaemonArgs args = DaemonArgs.parse("--socket", "/run/hearth/k/shim.sock", "--state-dir", "/run/hearth/k",
                "--namespace", "default", "--address", "/run/containerd/containerd.sock",
                "--ttrpc-address", "/run/containerd/containerd.sock.ttrpc");
        assertEquals(new DaemonArgs(Path.of("/run/hearth/k/shim.sock"), Path.of("/run/hearth/k"), "default",
                "/run/containerd/containerd.sock", "/run/containerd/containerd.sock.ttrpc"), args);
    }

    @Test
    void acceptsNameEqualsValueAndLeavesTheAddressEmptyWhenAbsent() {
        DaemonArgs args = DaemonArgs.parse("--socket=/s", "--state-dir=/d", "--namespace=ns", "--ttrpc-address=/t");
        assertEquals("", args.address());
        assertEquals(Path.of("/s"), args.socket());
        assertEquals("/t", args.ttrpcAddress());
    }

    @Test
    void badCommandLinesAreRefusedNamingTheOption() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> DaemonArgs.parse("--socket", "/s", "--state-dir", "/d", "--namespace", "ns"))
                .getMessage().contains("missing option --ttrpc-address"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> DaemonArgs.parse("--sockt", "/s")).getMessage().contains("unknown option --sockt"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> DaemonArgs.parse("--socket", "/s", "--socket", "/t")).getMessage().contains("--socket is given twice"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> DaemonArgs.parse("--socket")).getMessage().contains("--socket needs a value"));
    }
}
