package dev.hearth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ContainerdBinaryTest {
    @Test
    void parsesTheVersionOfDebianAndUpstreamBuilds() {
        assertEquals("1.7.24", ContainerdBinary.parseVersion(
                "containerd github.com/containerd/containerd 1.7.24~ds1 1.7.24~ds1-6+deb13u1\n"));
        assertEquals("1.6.20", ContainerdBinary.parseVersion(
                "containerd github.com/containerd/containerd 1.6.20~ds1 1.6.20~ds1-1+b1\n"));
        assertEquals("2.4.2", ContainerdBinary.parseVersion("containerd github.com/containerd/containerd/v2 2.4.2+unknown \n"));
        assertEquals("2.0.0", ContainerdBinary.parseVersion("containerd containerd.io v2.0.0 207ad711eabd375a01713109a8a197d197ff6542\n"));
    }

    @Test
    void refusesOutputWithoutAVersion() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ContainerdBinary.parseVersion("bash: containerd: not found"));
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void usesTheCtrNextToTheBinaryOrElseDebians() {
        ContainerdBinary elsewhere = ContainerdBinary.of("2.x", Path.of("/nonexistent/bin/containerd"));
        assertEquals(Path.of("/usr/bin/ctr"), elsewhere.ctr());
    }

    @Test
    void configHasPrivatePathsAndTheSchemaOfTheMajorVersion() {
        Path dir = Path.of("/tmp/hearth-it-0011aabb");
        String v1 = Containerd.configToml(1, dir);
        assertTrue(v1.startsWith("version = 2\n"), v1);
        assertTrue(v1.contains("root = \"/tmp/hearth-it-0011aabb/root\""), v1);
        assertTrue(v1.contains("state = \"/tmp/hearth-it-0011aabb/state\""), v1);
        assertTrue(v1.contains("address = \"/tmp/hearth-it-0011aabb/containerd.sock\""), v1);
        assertTrue(v1.contains("address = \"/tmp/hearth-it-0011aabb/containerd.sock.ttrpc\""), v1);
        assertTrue(v1.contains("\"io.containerd.grpc.v1.cri\""), v1);
        String v2 = Containerd.configToml(2, dir);
        assertTrue(v2.startsWith("version = 3\n"), v2);
        assertTrue(v2.contains("\"io.containerd.cri.v1.runtime\""), v2);
    }
}
