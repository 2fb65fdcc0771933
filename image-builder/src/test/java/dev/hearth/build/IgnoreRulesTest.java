package dev.hearth.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IgnoreRulesTest {
    private static IgnoreRules rules(String text) throws BuildException {
        return IgnoreRules.parse(text, ".hearthignore");
    }

    @Test
    void plainNamesMatchFromTheRootAndExcludeWhatIsBelow() throws Exception {
        IgnoreRules r = rules("node_modules\n/dist/\n");
        assertTrue(r.excludes("node_modules"));
        assertTrue(r.excludes("node_modules/left-pad/index.js"));
        assertTrue(r.excludes("dist/out.js"));
        assertFalse(r.excludes("lib/node_modules"), "without ** a pattern is anchored at the root");
        assertFalse(r.excludes("node_modules2"));
        assertFalse(r.excludes("index.js"));
    }

    @Test
    void starAndQuestionMarkStayWithinOneComponent() throws Exception {
        IgnoreRules r = rules("*.md\nsrc/*.test.js\nlog?.txt\n");
        assertTrue(r.excludes("README.md"));
        assertFalse(r.excludes("docs/guide.md"), "* does not cross /");
        assertTrue(r.excludes("src/a.test.js"));
        assertFalse(r.excludes("src/deep/a.test.js"));
        assertTrue(r.excludes("log1.txt"));
        assertFalse(r.excludes("log12.txt"));
    }

    @Test
    void doubleStarMatchesAnyNumberOfDirectoriesIncludingNone() throws Exception {
        IgnoreRules r = rules("**/*.map\ntest/**\na/**/z.js\n");
        assertTrue(r.excludes("index.js.map"));
        assertTrue(r.excludes("dist/deep/x.js.map"));
        assertTrue(r.excludes("test/unit/a.js"));
        assertTrue(r.excludes("a/z.js"));
        assertTrue(r.excludes("a/b/c/z.js"));
        assertFalse(r.excludes("b/z.js"));
    }

    @Test
    void theLastMatchingLineWinsAndNegationReincludes() throws Exception {
        IgnoreRules r = rules("# secrets and docs\n*.md\n!README.md\n\ndocs\n!docs/keep.txt\n");
        assertTrue(r.excludes("CHANGES.md"));
        assertFalse(r.excludes("README.md"));
        assertTrue(r.excludes("docs/other.txt"));
        assertFalse(r.excludes("docs/keep.txt"));
        assertTrue(r.hasExceptions());
        assertEquals(Optional.of("*.md"), r.excludingPattern("CHANGES.md"));
        assertEquals(Optional.empty(), r.excludingPattern("README.md"));
        IgnoreRules again = rules("!README.md\n*.md\n");
        assertTrue(again.excludes("README.md"), "an exception before the rule it excepts from has no effect");
    }

    @Test
    void classesEscapesAndCleaning() throws Exception {
        IgnoreRules r = rules("[ab].js\n[!x]y.js\n\\*.txt\n./build//out/\n  spaced.js  \n");
        assertTrue(r.excludes("a.js"));
        assertFalse(r.excludes("c.js"));
        assertTrue(r.excludes("zy.js"));
        assertFalse(r.excludes("xy.js"));
        assertTrue(r.excludes("*.txt"));
        assertFalse(r.excludes("a.txt"), "an escaped * is a literal star");
        assertTrue(r.excludes("build/out/x.js"));
        assertTrue(r.excludes("spaced.js"));
        assertEquals("a/c", IgnoreRules.clean("/a/./b/../c/"));
    }

    @Test
    void badPatternsNameTheLine() {
        var e = assertThrows(BuildException.class, () -> rules("ok\n[abc\n"));
        assertEquals(".hearthignore line 2: bad pattern \"[abc\": unterminated [", e.getMessage());
        var bang = assertThrows(BuildException.class, () -> rules("!\n"));
        assertEquals(".hearthignore line 1: \"!\" without a pattern", bang.getMessage());
    }

    @Test
    void hearthignoreWinsOverDockerignore(@TempDir Path dir) throws Exception {
        assertFalse(IgnoreRules.read(dir).excludes("a.md"));
        Files.writeString(dir.resolve(".dockerignore"), "*.md\n");
        assertTrue(IgnoreRules.read(dir).excludes("a.md"));
        assertEquals(".dockerignore", IgnoreRules.read(dir).source());
        Files.writeString(dir.resolve(".hearthignore"), "*.txt\n");
        assertFalse(IgnoreRules.read(dir).excludes("a.md"));
        assertTrue(IgnoreRules.read(dir).excludes("a.txt"));
    }
}
