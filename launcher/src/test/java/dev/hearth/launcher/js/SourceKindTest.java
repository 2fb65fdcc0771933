package dev.hearth.launcher.js;

import static dev.hearth.launcher.js.SourceKind.MODULE;
import static dev.hearth.launcher.js.SourceKind.SCRIPT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SourceKindTest {

    @Test
    void extensionDecidesFirst() {
        assertEquals(MODULE, SourceKind.detect("/a.mjs", "console.log(1)"));
        assertEquals(SCRIPT, SourceKind.detect("/a.cjs", "export default 1"));
    }

    @Test
    void staticImportOrExportMakesAModule() {
        for (String source : new String[] {
                "import x from './x.js';", "import {a} from 'a'", "import * as ns from 'n'", "import './side.js'",
                "  import\t{ b } from 'b'", "export default 1", "export const a = 1", "export {a}", "export * from 'x'",
                "// header\nexport function f() {}", "console.log(import.meta.url)"}) {
            assertEquals(MODULE, SourceKind.detect("/f.js", source), source);
        }
    }

    @Test
    void everythingElseIsAScript() {
        for (String source : new String[] {
                "console.log(1)", "import('./x.js').then(m => m)", "const important = 1;\nimportant;",
                "exports.x = 1", "var exported = 1;\nexported++", "// import x from 'y' in a comment",
                "const s = 'export default 1'"}) {
            assertEquals(SCRIPT, SourceKind.detect("/f.js", source), source);
        }
    }
}
