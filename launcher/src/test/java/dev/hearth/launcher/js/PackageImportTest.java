package dev.hearth.launcher.js;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bare-specifier imports from node_modules: node's resolution over the bundle's files. */
class PackageImportTest extends JsTest {

    /** Packages in /app/node_modules, each resolved a different way. */
    private void bundle() throws Exception {
        // an ESM package with conditional exports, a subpath pattern and a file it does not export
        js.write("app/node_modules/web/package.json", """
                {"name": "web", "type": "module", "exports": {
                  ".": {"types": "./index.d.ts", "node": "./node.js", "require": "./index.cjs", "import": "./index.js"},
                  "./utils/*": "./lib/utils/*.js",
                  "./package.json": "./package.json"}}
                """);
        js.write("app/node_modules/web/index.js", "import { tag } from './lib/tag.js'; export const who = tag('web');");
        js.write("app/node_modules/web/node.js", "export const who = 'node build';");
        js.write("app/node_modules/web/lib/tag.js", "export const tag = (s) => '<' + s + '>';");
        js.write("app/node_modules/web/lib/utils/twice.js", "export default (n) => n * 2;");
        // a scoped package with no exports: module over main, a subpath without its extension
        js.write("app/node_modules/@acme/kit/package.json", "{\"name\": \"@acme/kit\", \"main\": \"./cjs.js\", \"module\": \"./esm/index.mjs\"}");
        js.write("app/node_modules/@acme/kit/esm/index.mjs", "export { default as add } from './add.mjs';");
        js.write("app/node_modules/@acme/kit/esm/add.mjs", "export default (a, b) => a + b;");
        js.write("app/node_modules/@acme/kit/extra.js", "export const extra = 'extra';");
        // no package.json at all: index.js
        js.write("app/node_modules/plain/index.js", "import { who } from 'web'; export const plain = 'plain+' + who;");
    }

    @Test
    void packagesAreFoundInNodeModulesWithTheirExports() throws Exception {
        bundle();
        int code = js.run("app/main.mjs", """
                import { who } from 'web';
                import twice from 'web/utils/twice';
                import { add } from '@acme/kit';
                import { extra } from '@acme/kit/extra';
                import { plain } from 'plain';
                console.log(who, twice(21), add(1, 2), extra, plain);
                """);
        assertEquals(0, code, js.err());
        assertEquals("<web> 42 3 extra plain+<web>\n", js.out());
    }

    @Test
    void aSubpathThePackageDoesNotExportIsAnErrorNamingIt() throws Exception {
        bundle();
        int code = js.run("app/main.mjs", "import x from 'web/lib/tag.js';");
        assertEquals(1, code);
        assertTrue(js.err().contains("exports no \"./lib/tag.js\" for the conditions hearth, worker, import, module, default"), js.err());
    }

    @Test
    void aPackageThatIsNotThereCannotBeFound() throws Exception {
        bundle();
        int code = js.run("app/main.mjs", "import x from 'missing-package';");
        assertEquals(1, code);
        assertTrue(js.err().contains("Cannot find module 'missing-package'"), js.err());
    }

    @Test
    void theLookupClimbsFromTheEntrypointsDirectory() throws Exception {
        bundle();
        js.write("app/src/deep/main.mjs", "import { who } from 'web'; console.log(who);");
        try (FunctionRuntime runtime = js.runtime(Map.of())) {
            runtime.load(rootfs.resolve("app/src/deep/main.mjs"));
            assertEquals(0, runtime.run(), js.err());
        }
        assertEquals("<web>\n", js.out());
    }

    @Test
    void aPackageImportsTheNearestCopyOfItsDependencyLikeNode() throws Exception {
        // npm's layout when two versions are needed: the function's b@1 hoisted, a's b@2 nested in a
        js.write("app/node_modules/b/package.json", "{\"name\": \"b\", \"type\": \"module\", \"exports\": \"./v1.js\"}");
        js.write("app/node_modules/b/v1.js", "export const version = 1;");
        js.write("app/node_modules/a/package.json", "{\"name\": \"a\", \"type\": \"module\", \"main\": \"lib/index.js\"}");
        js.write("app/node_modules/a/lib/index.js", """
                import { version } from 'b';
                import { helper } from 'c';
                export const bSeenByA = version;
                export const later = () => import('b').then((b) => b.version);
                export { helper };
                """);
        js.write("app/node_modules/a/node_modules/b/package.json", "{\"name\": \"b\", \"type\": \"module\", \"exports\": \"./v2.js\"}");
        js.write("app/node_modules/a/node_modules/b/v2.js", "export const version = 2;");
        // c is only at the top: the lookup from a/lib climbs past a/node_modules to app/node_modules
        js.write("app/node_modules/c/index.mjs", "export const helper = 'c';");
        int code = js.run("app/main.mjs", """
                import { bSeenByA, later, helper } from 'a';
                import { version } from 'b';
                console.log('main sees b@' + version, 'a sees b@' + bSeenByA, 'a imports b@' + await later(), helper);
                """);
        assertEquals(0, code, js.err());
        assertEquals("main sees b@1 a sees b@2 a imports b@2 c\n", js.out());
    }

    @Test
    void aNestedPackageIsNotVisibleOutsideThePackageThatHoldsIt() throws Exception {
        js.write("app/node_modules/a/index.js", "export const a = 'a';");
        js.write("app/node_modules/a/node_modules/only-for-a/index.js", "export default 'private';");
        int code = js.run("app/main.mjs", "import { a } from 'a'; import x from 'only-for-a'; console.log(a, x);");
        assertEquals(1, code);
        assertTrue(js.err().contains("Cannot find module 'only-for-a'"), js.err());
    }

    private static String target(com.fasterxml.jackson.databind.JsonNode exports, String subpath) {
        return PackageResolver.exportsTarget(exports, subpath, java.util.List.of(PackageResolver.IMPORT_CONDITIONS.split(", ")));
    }

    @Test
    void exportsFollowNodesRules() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertEquals("./main.js", target(json.readTree("\"./main.js\""), "."));
        assertNull(target(json.readTree("\"./main.js\""), "./other"));
        assertEquals("./b.js", target(json.readTree("[\"not-relative\", \"./b.js\"]"), "."));
        assertEquals("./w.js", target(json.readTree("{\"node\": \"./n.js\", \"worker\": \"./w.js\", \"default\": \"./d.js\"}"), "."));
        assertEquals("./d.js", target(json.readTree("{\"browser\": \"./b.js\", \"default\": \"./d.js\"}"), "."));
        assertNull(target(json.readTree("{\"require\": \"./r.cjs\"}"), "."));
        var patterns = json.readTree("{\"./*\": \"./all/*.js\", \"./features/*.js\": \"./f/*.js\", \"./private/*\": null}");
        assertEquals("./f/x/y.js", target(patterns, "./features/x/y.js"));
        assertEquals("./all/z.js", target(patterns, "./z"));
        assertNull(target(patterns, "./private/secret"));
        assertEquals("./in/x.js", target(
                json.readTree("{\"./x\": {\"import\": {\"types\": \"./x.d.ts\", \"default\": \"./in/x.js\"}}}"), "./x"));
    }

    @Test
    void onlyPackageNamesAreBareSpecifiers() {
        assertTrue(PackageResolver.isBareSpecifier("pkg"));
        assertTrue(PackageResolver.isBareSpecifier("@scope/pkg/sub"));
        for (String notBare : new String[] {"./x.js", "../x.js", "/app/x.js", ".", "..", "node:fs", "https://x/y.js", ""}) {
            assertTrue(!PackageResolver.isBareSpecifier(notBare), notBare);
        }
        PackageResolver resolver = PackageResolver.forImports(new PackageResolver.Files() {
            public boolean isFile(String p) { return false; }
            public boolean isDirectory(String p) { return false; }
            public String read(String p) { throw new AssertionError(); }
        });
        assertThrows(IllegalArgumentException.class, () -> resolver.resolve("@scope", "/app"));
        assertNull(resolver.resolve("absent", "/app"));
    }
}
