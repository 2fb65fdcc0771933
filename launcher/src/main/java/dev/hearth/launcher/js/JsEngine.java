package dev.hearth.launcher.js;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.SandboxPolicy;

/**
 * The one GraalJS engine of this JVM, shared by every function context it creates, so parsed
 * sources (the runtime prelude above all) are cached across contexts. Lives as long as the JVM.
 */
public final class JsEngine {

    private JsEngine() { }

    private static final class Holder {
        static final Engine ENGINE = create();
    }

    public static Engine shared() {
        return Holder.ENGINE;
    }

    private static Engine create() {
        // The engine's own output is the worker's diagnostics, not the function's: it goes to the
        // process's stderr (the daemon's log). A stream that is not System.err is required by
        // the CONSTRAINED policy, and this one must never be closed.
        OutputStream workerStderr = new FileOutputStream(FileDescriptor.err);
        return Engine.newBuilder("js")
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(workerStderr)
                .err(workerStderr)
                .logHandler(workerStderr)
                // Plain Temurin has no Graal compiler: GraalJS runs interpreted. Expected, not news.
                .option("engine.WarnInterpreterOnly", "false")
                .build();
    }
}
