package dev.hearth.shim.task;

import static org.junit.jupiter.api.Assertions.*;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

class ResourcesAnyTest {
    private static Any any(String typeUrl, String json) {
        return Any.newBuilder().setTypeUrl(typeUrl).setValue(ByteString.copyFromUtf8(json)).build();
    }

    @Test
    void decodesTheJsonContainerdSends() {
        var r = ResourcesAny.decode(any("types.containerd.io/opencontainers/runtime-spec/1/LinuxResources",
                "{\"memory\":{\"limit\":268435456},\"cpu\":{\"quota\":50000,\"period\":100000},\"pids\":{\"limit\":32}}"));
        assertEquals(268435456L, r.memory().limit());
        assertEquals(50000L, r.cpu().quota());
        assertEquals(32L, r.pids().limit());
    }

    @Test
    void otherTypesAreRefusedByName() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ResourcesAny.decode(any("types.containerd.io/example/Other", "{}")));
        assertTrue(e.getMessage().contains("types.containerd.io/example/Other"), e.getMessage());
    }

    @Test
    void badJsonNamesTheField() {
        var e = assertThrows(IllegalArgumentException.class, () -> ResourcesAny.decode(
                any("types.containerd.io/opencontainers/runtime-spec/1/LinuxResources", "{\"memory\":{\"limit\":\"big\"}}")));
        assertTrue(e.getMessage().contains("memory.limit"), e.getMessage());
    }

    @Test
    void missingResourcesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ResourcesAny.decode(Any.getDefaultInstance()));
    }
}
