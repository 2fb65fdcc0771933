package dev.hearth.launcher.worker;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.launcher.js.FunctionRuntime;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.junit.jupiter.api.Test;

class ParseRehearsalTest {

    @Test
    void theSyntaxTourParsesAsAModule() {
        // The rehearsal only logs a failure: a tour that stopped parsing would silently lose its gain.
        assertTrue(ParseRehearsal.run());
    }

    @Test
    void aSyntaxErrorIsReportedNotSwallowedByParseApart() {
        Source broken = Source.newBuilder("js", "export const = 1;", "broken.mjs").mimeType("application/javascript+module").buildLiteral();
        PolyglotException e = assertThrows(PolyglotException.class, () -> FunctionRuntime.parseApart(broken));
        assertTrue(e.isSyntaxError(), e.getMessage());
    }
}
