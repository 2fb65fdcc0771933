package dev.hearth.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PackageJsonTest {
    private static PackageJson parse(String json) throws BuildException {
        return PackageJson.parse(json.getBytes(StandardCharsets.UTF_8), "package.json");
    }

    private static Optional<String> exports(String exportsJson) throws BuildException {
        return parse("{\"exports\":" + exportsJson + "}").exports();
    }

    @Test
    void exportsInEveryShape() throws Exception {
        assertEquals(Optional.of("./a.js"), exports("\"./a.js\""));
        assertEquals(Optional.of("./a.mjs"), exports("{\".\":\"./a.mjs\",\"./util\":\"./u.js\"}"));
        assertEquals(Optional.of("./esm.mjs"), exports("{\".\":{\"require\":\"./cjs.js\",\"import\":\"./esm.mjs\"}}"));
        assertEquals(Optional.of("./d.js"), exports("{\"require\":\"./cjs.js\",\"default\":\"./d.js\"}"),
                "an object of conditions only is the \".\" entry");
        assertEquals(Optional.of("./first.js"), exports("{\"default\":\"./first.js\",\"import\":\"./second.mjs\"}"),
                "conditions are taken in the object's order, as Node does");
        assertEquals(Optional.of("./n.mjs"), exports("{\".\":{\"import\":{\"node\":\"./x\",\"default\":\"./n.mjs\"}}}"));
        assertEquals(Optional.of("./b.js"), exports("[{\"require\":\"./c.js\"},\"./b.js\"]"));
        assertEquals(Optional.empty(), exports("{\"./sub\":\"./s.js\"}"), "subpath exports only: no main export");
        assertEquals(Optional.empty(), exports("null"));
    }

    @Test
    void exportsWithoutAUsableConditionIsAnError() {
        var e = assertThrows(BuildException.class, () -> exports("{\".\":{\"require\":\"./cjs.js\"}}"));
        assertEquals("package.json: \"exports\" gives no file for \".\" under the conditions [import, default]", e.getMessage());
    }

    @Test
    void otherFields() throws Exception {
        PackageJson pkg = parse("{\"name\":\"fn\",\"version\":\"2.0.0\",\"main\":\"m.js\",\"module\":\"m.mjs\",\"description\":\" \","
                + "\"repository\":\"github:me/fn\"}");
        assertEquals(Optional.of("fn"), pkg.name());
        assertEquals(Optional.of("2.0.0"), pkg.version());
        assertEquals(Optional.empty(), pkg.description(), "blank counts as absent");
        assertEquals(Optional.of("m.js"), pkg.main());
        assertEquals(Optional.of("m.mjs"), pkg.module());
        assertEquals(Optional.of("github:me/fn"), pkg.repository());
        assertEquals(Optional.of("https://x/y.git"), parse("{\"repository\":{\"url\":\"https://x/y.git\"}}").repository());
        assertTrue(assertThrows(BuildException.class, () -> parse("[1]")).getMessage().endsWith("not a JSON object"));
    }
}
