package dev.hearth.launcher.worker;

import dev.hearth.launcher.js.FunctionRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.graalvm.polyglot.Source;

/**
 * A pool worker parses a tour of JavaScript syntax ({@code syntax-tour.mjs}) before it parks,
 * in a throwaway context, and runs none of it. The first parse of a construct in a JVM runs
 * parser and translator code for the first time (bytecode interpreted, constant pool entries
 * resolved), and the function rehearsals are too small to reach most of it: without this, a
 * claimed worker parsed the 20-line hello example in ~3.4 ms, a second parse of it took 0.5 ms;
 * with it, ~1.2 ms. Parsing leaves nothing behind but that warmth (parked workers' PSS measured
 * the same, 77.6 MB with two up), and the AOT cache, trained with a pool worker, holds the
 * classes it loads.
 */
final class ParseRehearsal {

    static final String TOUR = "syntax-tour.mjs";

    private ParseRehearsal() { }

    /** Parses the tour; a failure is only logged (the real Load reports real problems). */
    static boolean run() {
        try {
            FunctionRuntime.parseApart(tour());
            return true;
        } catch (RuntimeException e) {
            System.err.println("hearth worker " + ProcessHandle.current().pid() + ": parse rehearsal failed (ignored): " + e);
            return false;
        }
    }

    static Source tour() {
        try (InputStream in = ParseRehearsal.class.getResourceAsStream(TOUR)) {
            if (in == null) {
                throw new IllegalStateException(TOUR + " is missing from the launcher jar");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return Source.newBuilder("js", text, "hearth:" + TOUR).mimeType("application/javascript+module").buildLiteral();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + TOUR + " from the launcher jar", e);
        }
    }
}
