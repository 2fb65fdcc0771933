package dev.hearth.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JitModeTest {

    @TempDir
    Path jit;

    @Test
    void parsesTheVariable() {
        assertEquals(JitMode.OFF, JitMode.parse(null));
        assertEquals(JitMode.OFF, JitMode.parse(" off "));
        assertEquals(JitMode.GRAAL, JitMode.parse("Graal"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JitMode.parse("c2"));
        assertTrue(e.getMessage().contains("HEARTH_JIT=c2"), e.getMessage());
    }

    @Test
    void graalPutsEveryJarOfTheDirectoryOnTheUpgradeModulePath() throws Exception {
        Files.createFile(jit.resolve("word-1.jar"));
        Files.createFile(jit.resolve("compiler-1.jar"));
        Files.createFile(jit.resolve("README"));
        assertEquals(List.of("-XX:+UnlockExperimentalVMOptions", "-XX:+EnableJVMCI",
                "--upgrade-module-path=" + jit.resolve("compiler-1.jar") + ":" + jit.resolve("word-1.jar")),
                JitMode.GRAAL.jvmOptions(jit));
        assertEquals(List.of(), JitMode.OFF.jvmOptions(jit.resolve("missing")));
    }

    @Test
    void graalWithoutTheCompilerSaysWhereItLooked() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> JitMode.GRAAL.jvmOptions(jit));
        assertTrue(e.getMessage().contains(jit.toString()), e.getMessage());
        assertThrows(IllegalStateException.class, () -> JitMode.GRAAL.jvmOptions(jit.resolve("missing")));
    }
}
