package dev.hearth.launcher.js;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** CommonJS packages and files: imported from ES modules, require() among themselves, as node does. */
class CommonJsTest extends JsTest {

    private void bundle() throws Exception {
        js.write("app/package.json", "{\"type\": \"module\"}"); // the function's own type is not its packages'
        js.write("app/node_modules/legacy/package.json", "{\"name\": \"legacy\", \"main\": \"lib/main\"}");
        js.write("app/node_modules/legacy/lib/main.js", """
                #!/usr/bin/env node
                const helper = require('./helper');
                const same = require('./helper.js');
                const data = require('../data.json');
                exports.twice = (x) => x * 2;
                exports.version = data.version;
                exports['quoted'] = 'q';
                Object.defineProperty(exports, 'helped', { enumerable: true, get: () => helper.help('me') });
                exports.sameInstance = helper === same;
                exports.where = [__filename, __dirname, typeof module, this === exports].join(' ');
                exports.bundledKind = require('bundled').kind;
                """);
        js.write("app/node_modules/legacy/lib/helper.js", "module.exports = { help: (s) => 'helped ' + s };");
        js.write("app/node_modules/legacy/data.json", "{\"version\": \"1.2.3\"}");
        // conditional exports: import gets the ES module, require the CommonJS build
        js.write("app/node_modules/bundled/package.json", """
                {"name": "bundled", "exports": {"import": "./dist/index.mjs", "require": "./dist/index.cjs"}}
                """);
        js.write("app/node_modules/bundled/dist/index.mjs", "export const kind = 'esm';");
        js.write("app/node_modules/bundled/dist/index.cjs", "exports.kind = 'cjs';");
        // esbuild's CommonJS output shape
        js.write("app/node_modules/esb/index.js", """
                var __defProp = Object.defineProperty;
                var __export = (target, all) => { for (var name in all) __defProp(target, name, { get: all[name], enumerable: true }); };
                var src_exports = {};
                __export(src_exports, {
                  fromLegacy: () => fromLegacy
                });
                module.exports = src_exports;
                const fromLegacy = require('legacy').twice(5);
                """);
        js.write("app/node_modules/thrower/index.js", "throw new Error('broken package');");
    }

    @Test
    void esModulesImportCommonJsPackagesWithDefaultAndNamedExports() throws Exception {
        bundle();
        js.write("app/own.cjs", "module.exports = { answer: 42 };");
        js.write("app/old/package.json", "{}"); // the nearest package.json decides: no type here
        js.write("app/old/own-exports.js", "exports.ownName = 'own';");
        int code = js.run("app/main.mjs", """
                import legacy, { twice, version, quoted, helped, sameInstance, where, bundledKind } from 'legacy';
                import { kind } from 'bundled';
                import { fromLegacy } from 'esb';
                import own from './own.cjs';
                import { ownName } from './old/own-exports.js';
                console.log(twice(21), version, quoted, helped, sameInstance, legacy.twice === twice);
                console.log(where);
                console.log(kind, bundledKind, fromLegacy, own.answer, ownName);
                """);
        assertEquals(0, code, js.err());
        assertEquals("""
                42 1.2.3 q helped me true true
                /app/node_modules/legacy/lib/main.js /app/node_modules/legacy/lib object true
                esm cjs 10 42 own
                """, js.out());
    }

    @Test
    void requireFailuresSayWhatIsMissing() throws Exception {
        bundle();
        js.write("app/node_modules/needs-fs/index.js", """
                try { require('fs'); } catch (e) { exports.fs = e.code + ': ' + e.message.split(':')[0]; }
                try { require('node:path'); } catch (e) { exports.path = e.code; }
                try { require('./missing'); } catch (e) { exports.missing = e.code + ': ' + e.message; }
                """);
        int code = js.run("app/main.mjs", """
                import m from 'needs-fs';
                console.log(m.fs);
                console.log(m.path);
                console.log(m.missing);
                try { await import('thrower'); } catch (e) { console.log('import failed:', e.message); }
                """);
        assertEquals(0, code, js.err());
        assertEquals("""
                ERR_UNKNOWN_BUILTIN_MODULE: hearth has no node built-in module 'fs'
                ERR_UNKNOWN_BUILTIN_MODULE
                MODULE_NOT_FOUND: Cannot find module './missing' from '/app/node_modules/needs-fs'
                import failed: broken package
                """, js.out());
    }

    @Test
    void aCommonJsEntrypointRunsThroughTheLoaderAndItsSyntaxErrorsAreLoadErrors() throws Exception {
        js.write("app/lib.js", "exports.greet = (n) => 'hello ' + n;");
        int code = js.run("app/server.cjs", """
                const { greet } = require('./lib');
                console.log(greet('cjs'), typeof module, require.resolve('./lib'));
                """);
        assertEquals(0, code, js.err());
        assertEquals("hello cjs object /app/lib.js\n", js.out());
        var broken = js.write("app/broken.cjs", "module.exports = (;");
        try (FunctionRuntime runtime = js.runtime(java.util.Map.of())) {
            var e = org.junit.jupiter.api.Assertions.assertThrows(ScriptLoadException.class, () -> runtime.load(broken));
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("SyntaxError"), e.getMessage());
        }
    }

    @Test
    void theFunctionsOwnModulesWithoutCommonJsStayEsModules() throws Exception {
        js.write("app/side-effect.js", "globalThis.seen = typeof this;");
        int code = js.run("app/main.mjs", "import './side-effect.js'; console.log(globalThis.seen);");
        assertEquals(0, code, js.err());
        assertEquals("undefined\n", js.out());
    }

    @Test
    void namedExportsAreFoundInTheUsualShapes() {
        assertEquals(Set.of("a", "b", "c", "d", "e"), CommonJs.exportNames("""
                exports.a = 1; module.exports.b = 2; exports["c"] = 3;
                Object.defineProperty(exports, 'd', { get() { return 4; } });
                __export(x_exports, { e: () => e });
                exports.default = 5; exports.__esModule = true; exports.f == 6; exports['not-an-identifier'] = 7;
                """));
    }

    @Test
    void theKeysOfAnObjectLiteralAssignedToModuleExportsAreNamedExports() {
        assertEquals(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p"),
                List.copyOf(CommonJs.exportNames("""
                module.exports = {
                  a, b,
                  c: 1,
                  d() { return { nested: [1, 2], text: '}' }; },
                  'e': e, "f": 2, "not-an-identifier": 3,
                  async g() {}, get h() { return 1; }, set i(v) {}, *j() {}, async *k() {},
                  l: function (x, y) { return x / y; }, // a comment, with a comma }
                  m: /[,}]/g, /* another, } */
                  n: `template ${ { x: 1 }.x }, }`,
                  ...spread,
                  o: (x) => x ? [x, 2] : { y: 3 },
                  p
                };
                """)));
        // A computed key ends the scan; what came before stays.
        assertEquals(List.of("q"), List.copyOf(CommonJs.exportNames("module.exports = { q, [computed]: 1, r };")));
        assertEquals(List.of("get", "set", "async"), List.copyOf(CommonJs.exportNames("module.exports = { get, set: 1, async() {} }")));
        // Brackets nested past what the scan follows end it (no stack overflow), keeping the keys so far.
        String deep = "[".repeat(200_000) + "]".repeat(200_000);
        assertEquals(List.of("s", "t"), List.copyOf(CommonJs.exportNames("module.exports = { s, t: " + deep + ", u };")));
        // Not an object literal assigned to module.exports: nothing.
        assertEquals(List.of(), List.copyOf(CommonJs.exportNames("module.exports == { a }; module.exports = make({ b });")));
    }

    @Test
    void moduleExportsAssignedARequireReexportsThatModule() {
        assertEquals(List.of("./lib/impl"), CommonJs.scanExports("module.exports = require('./lib/impl');").reexports());
        assertEquals(List.of("b"), CommonJs.scanExports("""
                module.exports = require('a'); // the last assignment is the one that counts, as in node
                module.exports = require("b")
                """).reexports());
        assertEquals(List.of("./one", "./two"), CommonJs.scanExports(
                "module.exports = { ...require('./one'), x, ...require('./two') };").reexports());
        assertEquals(List.of(), CommonJs.scanExports("module.exports = require('./impl').inner;").reexports());
        assertEquals(List.of(), CommonJs.scanExports("module.exports = require('./factory')(options);").reexports());
    }

    @Test
    void esModulesImportTheObjectLiteralKeysAndReexportedNamesOfCommonJs() throws Exception {
        js.write("app/node_modules/literal/index.js", """
                const a = 'a';
                function b() { return 'b'; }
                module.exports = { a, b, c: 1, d() { return 'd'; }, 'e': 'e' };
                """);
        js.write("app/node_modules/facade/package.json", "{\"main\": \"index.js\"}");
        js.write("app/node_modules/facade/index.js", "module.exports = require('./lib/impl');");
        js.write("app/node_modules/facade/lib/impl.js", "exports.x = 'x'; module.exports.y = 'y';");
        int code = js.run("app/main.mjs", """
                import literal, { a, b, c, d, e } from 'literal';
                import { x, y } from 'facade';
                console.log(a, b(), c, d(), e, literal.c === c, x, y);
                """);
        assertEquals(0, code, js.err());
        assertEquals("a b 1 d e true x y\n", js.out());
    }
}
