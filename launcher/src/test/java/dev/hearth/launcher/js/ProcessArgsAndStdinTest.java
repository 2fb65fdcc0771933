package dev.hearth.launcher.js;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** process.argv (node's layout) and process.stdin (a ReadableStream) as a container gives them. */
class ProcessArgsAndStdinTest extends JsTest {

    private String run(String code, List<String> args, FunctionInput stdin, int expectedExit) throws Exception {
        Path entry = js.write("app/main.mjs", code);
        try (FunctionRuntime runtime = new FunctionRuntime(new Binding(rootfs, "/app", Map.of(), args, stdin,
                new FunctionOutput("stdout", js.out), new FunctionOutput("stderr", js.err)))) {
            runtime.load(entry);
            assertEquals(expectedExit, runtime.run(), js.err());
        }
        return js.out();
    }

    @Test
    void argvIsNodesLayoutWithTheContainersArgumentsAfterTheScript() throws Exception {
        String out = run("console.log(JSON.stringify(process.argv)); process.argv.push('mine'); console.log(process.argv.length);",
                List.of("a", "b c", ""), FunctionInput.empty(), 0);
        assertEquals("[\"hearth\",\"/app/main.mjs\",\"a\",\"b c\",\"\"]\n6\n", out);
    }

    @Test
    void stdinIsAStreamOfBytesReadToItsEnd() throws Exception {
        byte[] input = "héllo\nworld\n".repeat(20_000).getBytes(StandardCharsets.UTF_8); // several chunks
        String out = run("""
                let bytes = 0, chunks = 0, text = '';
                const decoder = new TextDecoder();
                for await (const chunk of process.stdin) {
                  if (!(chunk instanceof Uint8Array)) throw new Error('not bytes: ' + chunk);
                  bytes += chunk.length; chunks++;
                  text += decoder.decode(chunk, { stream: true });
                }
                console.log(bytes, chunks > 1, text.split('\\n').length, process.stdin === process.stdin);
                """, List.of(), FunctionInput.of("test input", new ByteArrayInputStream(input)), 0);
        assertEquals(input.length + " true 40001 true\n", out);
    }

    @Test
    void noStdinReadsAsEmpty() throws Exception {
        String out = run("console.log(JSON.stringify(await new Response(process.stdin).text()));",
                List.of(), FunctionInput.empty(), 0);
        assertEquals("\"\"\n", out);
    }

    @Test
    void aFunctionThatNeverReadsStdinDoesNotWaitForIt() throws Exception {
        FunctionInput never = FunctionInput.of("an input that never ends", new InputStream() {
            @Override
            public int read() throws IOException {
                throw new AssertionError("stdin was read");
            }
        });
        assertEquals("done\n", run("console.log('done');", List.of(), never, 0));
    }

    @Test
    void cancellingAReadThatWaitsLetsTheFunctionEnd() throws Exception {
        FunctionInput silent = FunctionInput.of("a silent input", new InputStream() {
            @Override
            public int read() throws IOException {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return -1;
            }
        });
        String out = run("""
                const reader = process.stdin.getReader();
                const pending = reader.read();
                setTimeout(() => reader.cancel('enough'), 10);
                console.log(JSON.stringify(await pending));
                """, List.of(), silent, 0);
        assertEquals("{\"done\":true}\n", out);
    }

    @Test
    void aStdinThatCannotBeOpenedFailsTheReadWithItsPath() throws Exception {
        String out = run("""
                try { await process.stdin.getReader().read(); } catch (e) { console.log(e.name, e.message); }
                """, List.of(), FunctionInput.ofPath(rootfs.resolve("no-such-fifo").toString()), 0);
        assertTrue(out.startsWith("TypeError cannot read stdin " + rootfs.resolve("no-such-fifo")), out);
    }
}
