package dev.hearth.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ImageReferenceTest {

    @Test
    void normalisesLikeContainerd() {
        assertEquals("docker.io/library/hello:latest", ImageReference.parse("hello").toString());
        assertEquals("docker.io/library/hello:1.2", ImageReference.parse("hello:1.2").toString());
        assertEquals("docker.io/me/fn:latest", ImageReference.parse("me/fn").toString());
        assertEquals("docker.io/library/fn:latest", ImageReference.parse("index.docker.io/fn").toString());
        assertEquals("docker.io/library/fn:latest", ImageReference.parse("docker.io/fn").toString());
        assertEquals("example.com/fn:1", ImageReference.parse("example.com/fn:1").toString());
        assertEquals("localhost/a/b:latest", ImageReference.parse("localhost/a/b").toString());
    }

    @Test
    void aPortIsNotATag() {
        ImageReference ref = ImageReference.parse("localhost:5000/fn");
        assertEquals("localhost:5000", ref.domain());
        assertEquals("fn", ref.path());
        assertEquals("latest", ref.tag());
        assertEquals("v2", ImageReference.parse("registry.local:5000/team/fn:v2").tag());
    }

    @Test
    void rejectsWhatContainerdWouldReject() {
        for (String bad : new String[] {"", "Hello", "hello:", "hello:-x", "a//b", "-a", "hello@sha256:" + "a".repeat(64), "a/.b"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> ImageReference.parse(bad), bad);
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
        }
        var upper = assertThrows(IllegalArgumentException.class, () -> ImageReference.parse("example.com/Fn:1"));
        assertTrue(upper.getMessage().contains("\"Fn\""), upper.getMessage());
    }
}
