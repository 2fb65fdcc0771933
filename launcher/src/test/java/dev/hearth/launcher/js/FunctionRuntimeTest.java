package dev.hearth.launcher.js;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionRuntimeTest extends JsTest {

    @Test
    void classicScriptRunsAndLogsToStdout() throws Exception {
        int code = js.run("app/main.js", "var x = 1 + 2; console.log('sum', x); console.info('info'); console.debug('debug');");
        assertEquals(0, code, js.err());
        assertEquals("sum 3\ninfo\ndebug\n", js.out());
        assertEquals("", js.err());
    }

    @Test
    void errorAndWarnGoToStderr() throws Exception {
        int code = js.run("main.js", "console.error('bad', 1); console.warn('careful'); console.log('fine');");
        assertEquals(0, code);
        assertEquals("fine\n", js.out());
        assertEquals("bad 1\ncareful\n", js.err());
    }

    @Test
    void classicScriptIsNotAModule() throws Exception {
        // Only a script has a global `this` and var declarations on globalThis.
        int code = js.run("main.js", "var top = 1; console.log(this === globalThis, globalThis.top);");
        assertEquals(0, code, js.err());
        assertEquals("true 1\n", js.out());
    }

    @Test
    void moduleWithRelativeAndAbsoluteImports() throws Exception {
        js.write("app/lib/greet.mjs", "export const greet = (n) => 'hello ' + n;\nexport default 42;\n");
        js.write("app/util.js", "export function twice(x) { return x * 2; }\n");
        int code = js.run("app/index.js", """
                import { greet } from './lib/greet.mjs';
                import answer from '/app/lib/greet.mjs';
                import { twice } from './util.js';
                console.log(greet('world'), answer, twice(21), this === undefined, import.meta.url);
                """);
        assertEquals(0, code, js.err());
        assertEquals("hello world 42 42 true file:///app/index.js\n", js.out());
    }

    @Test
    void mjsIsAModuleWithTopLevelAwait() throws Exception {
        int code = js.run("main.mjs", "const v = await new Promise(r => setTimeout(() => r(7), 5)); console.log('awaited', v);");
        assertEquals(0, code, js.err());
        assertEquals("awaited 7\n", js.out());
    }

    @Test
    void consoleFormatsValuesLikeNode() throws Exception {
        int code = js.run("main.js", """
                class Point { constructor() { this.x = 1; this.y = 2; } }
                const circular = { name: 'c' }; circular.self = circular;
                console.log('%s is %d years and %i days, %f%%', 'Ann', 42.5, 3.9, 1.5);
                console.log({ a: 1, b: 'two', c: [1, 2, 3], 'd-e': null, f: undefined });
                console.log([1, , 3], new Map([['k', 1]]), new Set([1, 2]), new Point());
                console.log(circular, -0, 10n, Symbol('s'), function named() {}, class K {});
                console.log({ deep: { deeper: { deepest: { gone: 1 } } } }, [[[[1]]]]);
                console.log(Object.create(null), [], {}, new Uint8Array([1, 2]), true, null);
                console.log('%j', { j: 1 }, 'extra', 5);
                console.log(["it's", 'say "hi"', `both ' "`, 'all \\' " `', 'line\\nbreak']);
                """);
        assertEquals(0, code, js.err());
        assertEquals(String.join("\n",
                "Ann is 42.5 years and 3 days, 1.5%",
                "{ a: 1, b: 'two', c: [ 1, 2, 3 ], 'd-e': null, f: undefined }",
                "[ 1, <1 empty item>, 3 ] Map(1) { 'k' => 1 } Set(2) { 1, 2 } Point { x: 1, y: 2 }",
                "{ name: 'c', self: [Circular] } -0 10n Symbol(s) [Function: named] [class K]",
                "{ deep: { deeper: { deepest: [Object] } } } [ [ [ [Array] ] ] ]",
                "[Object: null prototype] {} [] {} Uint8Array(2) [ 1, 2 ] true null",
                "{\"j\":1} extra 5",
                "[ \"it's\", 'say \"hi\"', `both ' \"`, 'all \\' \" `', 'line\\nbreak' ]",
                ""), js.out());
    }

    @Test
    void traceAssertAndDir() throws Exception {
        int code = js.run("app/t.js", """
                function where() { console.trace('here %d', 1); }
                where();
                console.assert(1 === 1, 'not shown');
                console.assert(false, 'shown', 2);
                console.assert(0);
                console.dir('quoted');
                """);
        assertEquals(0, code, js.err());
        assertEquals("'quoted'\n", js.out());
        String[] err = js.err().split("\n");
        assertEquals("Trace: here 1", err[0]);
        assertTrue(err[1].startsWith("    at where (/app/t.js:1:"), js.err()); // no frame of the runtime itself
        assertTrue(js.err().endsWith("Assertion failed: shown 2\nAssertion failed\n"), js.err());
    }

    @Test
    void longObjectsBreakOverLines() throws Exception {
        int code = js.run("main.js", "console.log({ alpha: 'a'.repeat(30), beta: 'b'.repeat(30), gamma: 3 });");
        assertEquals(0, code, js.err());
        assertEquals("{\n  alpha: '" + "a".repeat(30) + "',\n  beta: '" + "b".repeat(30) + "',\n  gamma: 3\n}\n", js.out());
    }

    @Test
    void errorsAreLoggedWithTheirStack() throws Exception {
        int code = js.run("app/err.js", "function f() { return new Error('shown'); }\nconsole.log(f());");
        assertEquals(0, code);
        assertTrue(js.out().startsWith("Error: shown\n    at f (/app/err.js:1:23)"), js.out());
    }

    @Test
    void timersRunInDueOrderThenInsertionOrder() throws Exception {
        // Delays far apart, so a slow machine cannot reorder them; equal delays keep set order.
        int code = js.run("main.js", """
                const order = [];
                setTimeout(() => { order.push('t200'); console.log(order.join(' ')); }, 200);
                setTimeout(() => order.push('t0a'), 0);
                setTimeout((a, b) => order.push('t0b' + a + b), 0, 'x', 'y');
                const cancelled = setTimeout(() => order.push('never'), 5);
                clearTimeout(cancelled);
                queueMicrotask(() => order.push('micro'));
                Promise.resolve().then(() => order.push('promise'));
                order.push('sync');
                """);
        assertEquals(0, code, js.err());
        assertEquals("sync micro promise t0a t0bxy t200\n", js.out());
    }

    @Test
    void intervalRepeatsUntilCleared() throws Exception {
        int code = js.run("main.js", """
                let n = 0;
                const iv = setInterval((step) => {
                  n += step;
                  Promise.resolve().then(() => console.log('tick', n));
                  if (n === 3) clearInterval(iv);
                }, 1, 1);
                """);
        assertEquals(0, code, js.err());
        assertEquals("tick 1\ntick 2\ntick 3\n", js.out());
    }

    @Test
    void timerIdsArePositiveNumbersAndBadCallbacksThrow() throws Exception {
        int code = js.run("main.js", """
                const id = setTimeout(() => {}, 1);
                console.log(typeof id, id > 0);
                try { setTimeout('console.log(1)', 1); } catch (e) { console.log(e instanceof TypeError); }
                clearTimeout(undefined); clearTimeout('nope'); clearInterval(12345);
                """);
        assertEquals(0, code, js.err());
        assertEquals("number true\ntrue\n", js.out());
    }

    @Test
    void uncaughtThrowExitsOneWithTheStack() throws Exception {
        int code = js.run("app/boom.js", "console.log('before');\nfunction explode() {\n  throw new TypeError('boom');\n}\nexplode();\nconsole.log('after');");
        assertEquals(1, code);
        assertEquals("before\n", js.out());
        assertTrue(js.err().startsWith("Uncaught TypeError: boom\n    at explode (/app/boom.js:3:"), js.err());
    }

    @Test
    void throwInATimerExitsOneAndDropsRemainingTimers() throws Exception {
        int code = js.run("main.js", "setTimeout(() => { throw new Error('late'); }, 1); setTimeout(() => console.log('never'), 30);");
        assertEquals(1, code);
        assertEquals("", js.out());
        assertTrue(js.err().startsWith("Uncaught Error: late\n"), js.err());
    }

    @Test
    void thrownNonErrorsAreInspected() throws Exception {
        int code = js.run("main.js", "throw { code: 7 };");
        assertEquals(1, code);
        assertEquals("Uncaught { code: 7 }\n", js.err());
    }

    @Test
    void unhandledRejectionExitsOne() throws Exception {
        int code = js.run("main.js", "Promise.reject(new RangeError('nobody cares')); setTimeout(() => console.log('never'), 20);");
        assertEquals(1, code);
        assertEquals("", js.out());
        assertTrue(js.err().startsWith("Uncaught (in promise) RangeError: nobody cares\n    at "), js.err());
    }

    @Test
    void rejectionFromAnAsyncFunctionInATimerExitsOne() throws Exception {
        int code = js.run("main.mjs", "setTimeout(async () => { await null; throw new Error('async boom'); }, 1);");
        assertEquals(1, code);
        assertTrue(js.err().startsWith("Uncaught (in promise) Error: async boom"), js.err());
    }

    @Test
    void rejectionHandledInTheSameTurnIsFine() throws Exception {
        int code = js.run("main.js", """
                const p = Promise.reject(new Error('handled'));
                Promise.resolve().then(() => p.catch(e => console.log('caught', e.message)));
                """);
        assertEquals(0, code, js.err());
        assertEquals("caught handled\n", js.out());
    }

    @Test
    void errorInAMicrotaskIsUncaught() throws Exception {
        int code = js.run("main.js", "queueMicrotask(() => { throw new Error('in micro'); });");
        assertEquals(1, code);
        assertTrue(js.err().startsWith("Uncaught Error: in micro"), js.err());
    }

    @Test
    void processEnvIsFrozenAndRequireIsAbsent() throws Exception {
        int code = js.run("main.mjs", """
                console.log(process.env.GREETING, process.env.EMPTY === '', Object.keys(process.env).join(','));
                try { process.env.GREETING = 'changed'; } catch (e) { console.log(e.constructor.name); }
                try { process.env.NEW = 'x'; } catch (e) { console.log(e.constructor.name); }
                console.log(process.env.GREETING, process.env.NEW, Object.isFrozen(process), typeof process.exit, typeof require);
                """, new java.util.LinkedHashMap<>(Map.of("GREETING", "hi")) {{ put("EMPTY", ""); }});
        assertEquals(0, code, js.err());
        assertEquals("hi true GREETING,EMPTY\nTypeError\nTypeError\nhi undefined true function undefined\n", js.out());
    }

    @Test
    void anyVariableNameIsAnOrdinaryEntry() throws Exception {
        int code = js.run("main.js", "console.log(process.env.__proto__, Object.getPrototypeOf(process.env) === Object.prototype, process.env['A=B']);",
                Map.of("__proto__", "p", "A=B", "odd"));
        assertEquals(0, code, js.err());
        assertEquals("p true odd\n", js.out());
    }

    @Test
    void syntaxErrorIsReportedAtLoadWithFileAndLine() throws Exception {
        var entry = js.write("app/bad.mjs", "export const ok = 1;\nexport const x = ;\n");
        try (FunctionRuntime runtime = js.runtime(Map.of())) {
            ScriptLoadException e = assertThrows(ScriptLoadException.class, () -> runtime.load(entry));
            assertTrue(e.getMessage().contains("/app/bad.mjs:2"), e.getMessage());
            assertTrue(e.getMessage().startsWith("SyntaxError"), e.getMessage());
        }
    }

    @Test
    void aScriptWithTopLevelAwaitAndNoImportRunsAsAModule() throws Exception {
        // node's syntax detection: not a valid script, but a valid module
        String out = js.output("const v = await Promise.resolve(42);\nconsole.log(v, typeof this);");
        assertEquals("42 undefined\n", out);
    }

    @Test
    void aFileThatIsNeitherScriptNorModuleShowsTheScriptsError() throws Exception {
        var entry = js.write("app/bad.js", "const a = 1;\nconst b = ;\n");
        try (FunctionRuntime runtime = js.runtime(Map.of())) {
            ScriptLoadException e = assertThrows(ScriptLoadException.class, () -> runtime.load(entry));
            assertTrue(e.getMessage().startsWith("SyntaxError"), e.getMessage());
            assertTrue(e.getMessage().contains("/app/bad.js:2"), e.getMessage());
        }
    }

    @Test
    void processExitEndsTheFunctionAtOnceWithItsStatus() throws Exception {
        int code = js.run("main.mjs", """
                console.log('before');
                setTimeout(() => console.log('timer must not run'), 0);
                try { process.exit(3); } catch (e) { console.log('caught', e); } finally { console.log('finally must not run'); }
                console.log('after must not run');
                """);
        assertEquals(3, code, js.err());
        assertEquals("before\n", js.out());
        assertEquals("", js.err());
    }

    @Test
    void processExitCodeIsTheStatusWhenTheWorkRunsOut() throws Exception {
        int code = js.run("main.js", """
                process.exitCode = 4;
                setTimeout(() => { console.log(process.exitCode); process.exitCode = '5'; }, 1);
                try { process.exitCode = 'x'; } catch (e) { console.log(e.name); }
                try { process.exit(1.5); } catch (e) { console.log(e.name); }
                """);
        assertEquals(5, code, js.err());
        assertEquals("TypeError\nTypeError\n4\n", js.out());
    }

    @Test
    void processExitWithoutACodeUsesExitCodeAndLeavesAServedFunction() throws Exception {
        int code = js.run("main.mjs", """
                process.exitCode = 260; // low 8 bits: 4
                await new Promise((resolve) => setTimeout(resolve, 1));
                process.exit();
                """);
        assertEquals(4, code, js.err());
    }

    @Test
    void missingEntrypointIsALoadError() throws Exception {
        try (FunctionRuntime runtime = js.runtime(Map.of())) {
            ScriptLoadException e = assertThrows(ScriptLoadException.class, () -> runtime.load(rootfs.resolve("nope.js")));
            assertEquals("entrypoint " + rootfs.resolve("nope.js") + " does not exist", e.getMessage());
        }
    }

    @Test
    void brokenImportFailsAtRunWithExitOne() throws Exception {
        js.write("lib.mjs", "export const = 1;\n");
        int code = js.run("main.mjs", "import './lib.mjs'; console.log('never');");
        assertEquals(1, code);
        assertTrue(js.err().contains("/lib.mjs:1"), js.err());
    }

    @Test
    void missingImportFailsAtRunWithExitOne() throws Exception {
        int code = js.run("main.mjs", "import './not-there.mjs';");
        assertEquals(1, code);
        assertTrue(js.err().contains("not-there.mjs"), js.err());
    }
}
