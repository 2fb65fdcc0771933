package dev.hearth.launcher.js;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A runtime made before its container is known (a parked pool worker's) and bound later. */
class FunctionRuntimeBindTest {

    @TempDir
    Path rootfs;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private void bind(FunctionRuntime runtime, Map<String, String> env) throws Exception {
        runtime.bind(Binding.of(rootfs, "/app", env, new FunctionOutput("stdout", out), new FunctionOutput("stderr", err)));
    }

    @Test
    void aBoundRuntimeSeesItsContainerOnly() throws Exception {
        Files.createDirectories(rootfs.resolve("app"));
        Files.writeString(rootfs.resolve("app/lib.mjs"), "export const who = 'lib';\n");
        Path entry = Files.writeString(rootfs.resolve("app/main.mjs"), """
                import { who } from './lib.mjs';
                console.log(who, process.env.GREETING, Object.keys(process.env).join(','), Object.isFrozen(process.env));
                try { process.env.GREETING = 'changed'; } catch (e) { console.log(e.constructor.name); }
                console.log(performance.timeOrigin >= Number(process.env.BEFORE_BIND), performance.now() >= 0,
                    navigator.hardwareConcurrency > 0);
                """);
        try (FunctionRuntime runtime = FunctionRuntime.unbound()) {
            Thread.sleep(5); // a parked context: its clock must start at bind, not now
            String beforeBind = String.valueOf(System.currentTimeMillis());
            Map<String, String> env = new LinkedHashMap<>();
            env.put("GREETING", "hi");
            env.put("BEFORE_BIND", beforeBind);
            bind(runtime, env);
            runtime.load(entry);
            assertEquals(0, runtime.run(), err.toString(StandardCharsets.UTF_8));
        }
        assertEquals("lib hi GREETING,BEFORE_BIND true\nTypeError\ntrue true true\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void nothingCanBeLoadedBeforeBind() throws Exception {
        Path entry = Files.writeString(rootfs.resolve("main.js"), "console.log('x');");
        try (FunctionRuntime runtime = FunctionRuntime.unbound()) {
            assertThrows(IllegalStateException.class, () -> runtime.load(entry));
            assertThrows(IllegalStateException.class, runtime::env);
            assertThrows(IllegalStateException.class, () -> runtime.output(1));
        }
    }

    @Test
    void aRuntimeIsBoundOnce() throws Exception {
        try (FunctionRuntime runtime = FunctionRuntime.unbound()) {
            bind(runtime, Map.of("A", "1"));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> bind(runtime, Map.of("A", "2")));
            assertTrue(e.getMessage().contains("already bound"), e.getMessage());
            assertEquals(Map.of("A", "1"), runtime.env());
        }
    }

    @Test
    void aMissingRootfsFailsTheBindAndBindsNothing() throws Exception {
        try (FunctionRuntime runtime = FunctionRuntime.unbound()) {
            assertThrows(NoSuchFileException.class, () -> runtime.bind(Binding.of(rootfs.resolve("missing"), "/", Map.of(),
                    FunctionOutput.discard("stdout"), FunctionOutput.discard("stderr"))));
            assertThrows(IllegalStateException.class, runtime::env);
        }
    }
}
