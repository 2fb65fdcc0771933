package dev.hearth.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RunCommandTest {

    @TempDir
    Path tmp;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new CommandLine(new RunCommand(out, err)).execute(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void runsAFileWithEnvAndItsImports() throws Exception {
        Files.writeString(tmp.resolve("lib.mjs"), "export const who = 'lib';");
        Path main = Files.writeString(tmp.resolve("main.mjs"),
                "import { who } from './lib.mjs'; console.log(who, process.env.A, process.env.B); console.error('e');");
        assertEquals(0, run(main.toString(), "-e", "A=1", "--env", "B=two"), err());
        assertEquals("lib 1 two\n", out());
        assertEquals("e\n", err());
    }

    @Test
    void argumentsAfterTheFileAreTheFunctionsAndExitSetsTheStatus() throws Exception {
        Path main = Files.writeString(tmp.resolve("args.mjs"),
                "console.log(JSON.stringify(process.argv.slice(1))); process.exit(Number(process.argv[2]));");
        assertEquals(7, run(main.toString(), "7", "--", "-x"), err());
        assertEquals("[\"/args.mjs\",\"7\",\"-x\"]\n", out());
    }

    @Test
    void aDirectoryRunsItsIndex() throws Exception {
        Files.writeString(tmp.resolve("index.js"), "console.log('index')");
        assertEquals(0, run(tmp.toString()), err());
        assertEquals("index\n", out());
    }

    @Test
    void uncaughtErrorExitsOne() throws Exception {
        Path main = Files.writeString(tmp.resolve("boom.js"), "throw new Error('boom')");
        assertEquals(1, run(main.toString()));
        assertTrue(err().startsWith("Uncaught Error: boom\n"), err());
    }

    @Test
    void rootWidensWhatCanBeImported() throws Exception {
        Files.createDirectories(tmp.resolve("shared"));
        Files.createDirectories(tmp.resolve("fn"));
        Files.writeString(tmp.resolve("shared/s.mjs"), "export default 'shared';");
        Path main = Files.writeString(tmp.resolve("fn/main.mjs"), "import s from '../shared/s.mjs'; console.log(s);");
        assertEquals(1, run(main.toString()), "the default root is the entry's directory");
        out.reset();
        err.reset();
        assertEquals(0, run("--root", tmp.toString(), main.toString()), err());
        assertEquals("shared\n", out());
    }

    @Test
    void loadFailuresExitTwo() throws Exception {
        assertEquals(2, run(tmp.resolve("missing.js").toString()));
        assertTrue(err().contains("missing.js does not exist"), err());
        err.reset();
        Path bad = Files.writeString(tmp.resolve("bad.js"), "let = ;");
        assertEquals(2, run(bad.toString()));
        assertTrue(err().startsWith("SyntaxError: /bad.js:1"), err());
        err.reset();
        Files.createDirectories(tmp.resolve("empty"));
        assertEquals(2, run(tmp.resolve("empty").toString()));
        assertTrue(err().contains("has no index.js or index.mjs"), err());
    }
}
