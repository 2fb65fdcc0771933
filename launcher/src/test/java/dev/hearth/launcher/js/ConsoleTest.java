package dev.hearth.launcher.js;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The console beyond log (formatting itself is in FunctionRuntimeTest). */
class ConsoleTest extends JsTest {

    @Test
    void groupsIndentEveryLineOnBothStreams() throws Exception {
        int code = js.run("main.js", """
                console.group('G');
                console.log('a\\nb');
                console.group();
                console.error('e');
                console.groupEnd();
                console.groupCollapsed('%s-%d', 'x', 1);
                console.info({ k: 1 });
                console.groupEnd();
                console.groupEnd();
                console.groupEnd();
                console.log('c');
                """);
        assertEquals(0, code, js.err());
        assertEquals("G\n  a\n  b\n  x-1\n    { k: 1 }\nc\n", js.out());
        assertEquals("    e\n", js.err());
    }

    @Test
    void countAndCountReset() throws Exception {
        int code = js.run("main.js", """
                console.count(); console.count(); console.count('x'); console.count(undefined);
                console.countReset(); console.count('default'); console.countReset('nope');
                console.count(1); console.count('1');
                """);
        assertEquals(0, code, js.err());
        assertEquals("default: 1\ndefault: 2\nx: 1\ndefault: 3\ndefault: 1\n1: 1\n1: 2\n", js.out());
        assertEquals("Count for 'nope' does not exist\n", js.err());
    }

    @Test
    void timers() throws Exception {
        int code = js.run("main.js", """
                console.time();
                console.time();
                console.time('t');
                console.timeLog('t', 'extra', { n: 1 });
                console.timeEnd('t');
                console.timeEnd('t');
                console.timeLog('missing');
                console.timeEnd();
                """);
        assertEquals(0, code, js.err());
        String[] out = js.out().split("\n");
        assertEquals(3, out.length, js.out());
        assertTrue(out[0].matches("t: \\d+\\.\\d{3}ms extra \\{ n: 1 \\}"), out[0]);
        assertTrue(out[1].matches("t: \\d+\\.\\d{3}ms"), out[1]);
        assertTrue(out[2].matches("default: \\d+\\.\\d{3}ms"), out[2]);
        assertEquals("Timer 'default' already exists\nTimer 't' does not exist\nTimer 'missing' does not exist\n", js.err());
    }

    @Test
    void assertPrefixesAndKeepsDirectives() throws Exception {
        int code = js.run("main.js", """
                console.assert(true, 'never');
                console.assert(false, '%s!', 'x');
                console.assert(false, { a: 1 });
                console.assert(0, 5, 6);
                console.assert();
                """);
        assertEquals(0, code, js.err());
        assertEquals("Assertion failed: x!\nAssertion failed: { a: 1 }\nAssertion failed: 5 6\nAssertion failed\n", js.err());
    }

    @Test
    void tablesLikeNode() throws Exception {
        String out = js.output("""
                console.table([{ a: 1, b: 'Y' }, { a: 'zz', c: { x: 1 } }, 3]);
                console.table(new Map([['k', { v: 1 }]]));
                console.table([[1, 2], [3, 4]], ['0']);
                console.table(new Set(['s']));
                console.table({ r1: { c: 1 }, r2: { c: 2, d: true } });
                console.table(5);
                console.table('plain');
                """);
        assertEquals("""
                ┌─────────┬──────┬─────┬──────────┬────────┐
                │ (index) │ a    │ b   │ c        │ Values │
                ├─────────┼──────┼─────┼──────────┼────────┤
                │ 0       │ 1    │ 'Y' │          │        │
                │ 1       │ 'zz' │     │ { x: 1 } │        │
                │ 2       │      │     │          │ 3      │
                └─────────┴──────┴─────┴──────────┴────────┘
                ┌───────────────────┬─────┬──────────┐
                │ (iteration index) │ Key │ Values   │
                ├───────────────────┼─────┼──────────┤
                │ 0                 │ 'k' │ { v: 1 } │
                └───────────────────┴─────┴──────────┘
                ┌─────────┬───┐
                │ (index) │ 0 │
                ├─────────┼───┤
                │ 0       │ 1 │
                │ 1       │ 3 │
                └─────────┴───┘
                ┌───────────────────┬────────┐
                │ (iteration index) │ Values │
                ├───────────────────┼────────┤
                │ 0                 │ 's'    │
                └───────────────────┴────────┘
                ┌─────────┬───┬──────┐
                │ (index) │ c │ d    │
                ├─────────┼───┼──────┤
                │ r1      │ 1 │      │
                │ r2      │ 2 │ true │
                └─────────┴───┴──────┘
                5
                plain
                """, out);
    }

    @Test
    void styleDirectivesAreConsumedAndDirxmlLogs() throws Exception {
        String out = js.output("""
                console.log('%cred%c plain %o %O %%', 'color: red', '', [1], { a: 'b' });
                console.dirxml({ x: 1 }, 'two');
                console.debug('%s', Symbol('s'), 'tail');
                const { log } = console;
                log('detached', Object.prototype.toString.call(console));
                """);
        assertEquals("red plain [ 1 ] { a: 'b' } %\n{ x: 1 } two\nSymbol(s) tail\ndetached [object console]\n", out);
    }
}
