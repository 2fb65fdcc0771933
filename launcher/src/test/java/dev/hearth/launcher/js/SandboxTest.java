package dev.hearth.launcher.js;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The function cannot reach the host: classes, files outside its bundle, engine builtins. */
class SandboxTest {

    @TempDir
    Path tmp;
    Path rootfs;
    Path secret;
    JsFixture js;

    @BeforeEach
    void setUp() throws Exception {
        rootfs = Files.createDirectory(tmp.resolve("rootfs"));
        secret = Files.writeString(tmp.resolve("secret.mjs"), "export default 'SECRET';\nconsole.log('SECRET');\n");
        js = new JsFixture(rootfs);
    }

    @Test
    void javaInteropIsGone() throws Exception {
        int code = js.run("main.js", """
                console.log([typeof Java, typeof Packages, typeof java, typeof javax, typeof Polyglot,
                             typeof Graal, typeof load, typeof print, typeof quit, typeof read,
                             typeof readline, typeof arguments, typeof Worker, typeof require].join());
                """);
        assertEquals(0, code, js.err());
        assertEquals("undefined,".repeat(13) + "undefined\n", js.out());
    }

    @Test
    void javaTypeFails() throws Exception {
        int code = js.run("main.js", "const System = Java.type('java.lang.System'); console.log(System.getenv('PATH'));");
        assertEquals(1, code);
        assertEquals("", js.out());
        assertTrue(js.err().startsWith("Uncaught ReferenceError: Java is not defined"), js.err());
    }

    @Test
    void hostClassesAreNotReachableThroughTheRuntimesFunctions() throws Exception {
        // The console and timer functions are JS closures; nothing on them leads to a host object.
        int code = js.run("main.js", """
                const seen = [];
                for (const f of [console.log, setTimeout, queueMicrotask]) {
                  seen.push(Object.getOwnPropertyNames(f).join('|'));
                  seen.push(typeof f.host, typeof f.getClass);
                }
                console.log(seen.join(' '));
                """);
        assertEquals(0, code, js.err());
        assertEquals("length|name undefined undefined ".repeat(3).trim() + "\n", js.out());
    }

    @Test
    void importOfAHostPathStaysInsideTheBundle() throws Exception {
        int code = js.run("main.mjs", "const m = await import('" + secret + "'); console.log(m.default);");
        assertEquals(1, code);
        assertFalse(js.out().contains("SECRET"), js.out());
        assertFalse(js.err().contains("SECRET"), js.err());
    }

    @Test
    void dotDotCannotClimbOutOfTheBundle() throws Exception {
        int code = js.run("app/main.mjs", "const m = await import('../../../../secret.mjs'); console.log(m.default);");
        assertEquals(1, code);
        assertFalse(js.out().contains("SECRET"), js.out());
        assertTrue(js.err().contains("secret.mjs"), js.err());
    }

    @Test
    void symlinkOutOfTheBundleIsRefused() throws Exception {
        Files.createSymbolicLink(rootfs.resolve("link.mjs"), secret);
        int code = js.run("main.mjs", "import s from './link.mjs'; console.log(s);");
        assertEquals(1, code);
        assertFalse(js.out().contains("SECRET"), js.out());
        assertTrue(js.err().contains("link.mjs"), js.err());
    }

    @Test
    void symlinkInsideTheBundleWorks() throws Exception {
        js.write("real/lib.mjs", "export default 'inside';");
        Files.createSymbolicLink(rootfs.resolve("lib.mjs"), Path.of("real/lib.mjs"));
        int code = js.run("main.mjs", "import s from './lib.mjs'; console.log(s);");
        assertEquals(0, code, js.err());
        assertEquals("inside\n", js.out());
    }
}
