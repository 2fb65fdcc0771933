package dev.hearth.oci.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DigestTest {
    @Test
    void sha256MatchesTheJdkDigestOfTheSameBytes() {
        byte[] content = "hello".getBytes();
        String expected = HexFormat.of().formatHex(Digest.newSha256().digest(content));
        Digest digest = Digest.sha256(content);
        assertEquals("sha256", digest.algorithm());
        assertEquals("sha256:" + expected, digest.toString());
        assertEquals(digest, Digest.parse(digest.toString()));
    }

    @Test
    void rejectsMalformedDigests() {
        String hex = "a".repeat(64);
        assertThrows(IllegalArgumentException.class, () -> Digest.parse(hex));
        assertThrows(IllegalArgumentException.class, () -> Digest.parse("sha256:" + hex.toUpperCase()));
        assertThrows(IllegalArgumentException.class, () -> Digest.parse("sha256:" + hex.substring(1)));
        assertThrows(IllegalArgumentException.class, () -> Digest.parse("SHA256:" + hex));
        assertThrows(IllegalArgumentException.class, () -> Digest.parse(":" + hex));
        assertEquals("blake3", Digest.parse("blake3:abc").algorithm());
    }

    @Test
    void goArchNamesOfJvmArchitectures() {
        assertEquals("amd64", Platform.goArch("amd64"));
        assertEquals("amd64", Platform.goArch("x86_64"));
        assertEquals("arm64", Platform.goArch("aarch64"));
        assertEquals("386", Platform.goArch("i686"));
        assertEquals("linux", Platform.linuxOfThisHost().os());
    }
}
