package dev.hearth.launcher.worker;

import dev.hearth.launcher.js.FunctionOutput;
import dev.hearth.launcher.js.FunctionRuntime;
import dev.hearth.launcher.js.ScriptLoadException;
import dev.hearth.launcher.protocol.ControlChannel;
import dev.hearth.launcher.protocol.ControlMessage;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The worker process: one JVM that runs one function. Started by the daemon as
 * {@code java ... dev.hearth.launcher.worker.WorkerMain <control-socket>} with the one-time
 * token in {@value #TOKEN_ENV}.
 *
 * <p>Life: warm up the JS engine, collect the warm-up's garbage, connect and say {@code Hello}
 * (a pool worker then stays blocked in the read of its Load: parked, using no CPU); on {@code Load} open the
 * function's stdout/stderr itself and parse the entrypoint, reply {@code Loaded} (or
 * {@code LoadFailed} and exit 1); on {@code Start} close the connection and run the function.
 * The process exit code is the function's: 0 when its work ran out, 1 after an uncaught error.
 * The worker's own stdout/stderr are the daemon's (its log), never the container's console.
 * When the control connection closes before Start (the daemon exited or killed it), the worker
 * exits: no parked worker outlives its daemon.
 */
public final class WorkerMain {

    public static final String TOKEN_ENV = "HEARTH_WORKER_TOKEN";

    /** Exit codes of the worker itself (the function's are 0 and 1). */
    static final int EXIT_USAGE = 2;
    static final int EXIT_CONTROL_LOST = 3;

    private WorkerMain() { }

    public static void main(String[] args) {
        String token = System.getenv(TOKEN_ENV);
        if (args.length != 1 || token == null || token.isEmpty()) {
            System.err.println("usage: " + TOKEN_ENV + "=<token> java " + WorkerMain.class.getName() + " <control-socket>");
            System.exit(EXIT_USAGE);
        }
        int code;
        try {
            code = serve(Path.of(args[0]), token);
        } catch (EOFException e) {
            System.err.println("hearth worker " + ProcessHandle.current().pid() + ": the daemon went away before start: " + e.getMessage());
            code = EXIT_CONTROL_LOST;
        } catch (IOException e) {
            System.err.println("hearth worker " + ProcessHandle.current().pid() + ": control connection failed: " + e);
            code = EXIT_CONTROL_LOST;
        }
        System.exit(code);
    }

    static int serve(Path socket, String token) throws IOException {
        FunctionRuntime.warmUp();
        // A pool worker may stay parked for minutes: give back what the warm-up allocated (SerialGC
        // shrinks the heap after a full collection, down to MaxHeapFreeRatio free).
        System.gc();
        try (ControlChannel control = ControlChannel.connect(socket)) {
            control.send(new ControlMessage.Hello(token, ProcessHandle.current().pid()));
            ControlMessage message = control.receive();
            if (!(message instanceof ControlMessage.Load load)) {
                throw new IOException("expected Load, got " + message.getClass().getSimpleName());
            }
            FunctionOutput stdout = null;
            FunctionOutput stderr = null;
            FunctionRuntime runtime = null;
            String failure;
            try {
                stdout = StdioTarget.openForWriting("stdout", load.stdout());
                stderr = StdioTarget.openForWriting("stderr", load.stderr());
                try {
                    runtime = new FunctionRuntime(Path.of(load.rootfs()), load.cwd(), load.env(), stdout, stderr);
                } catch (IOException e) {
                    throw new IOException("rootfs " + load.rootfs() + " is not usable: " + e, e);
                }
                runtime.load(Path.of(load.entrypoint()));
                failure = null;
            } catch (IOException | ScriptLoadException e) {
                failure = e.getMessage();
            } catch (RuntimeException e) {
                e.printStackTrace(); // the daemon's log gets the whole trace
                failure = "hearth worker internal error while loading: " + e;
            }
            if (failure != null) {
                control.send(new ControlMessage.LoadFailed(failure));
                closeAll(runtime, stdout, stderr);
                return 1;
            }
            control.send(new ControlMessage.Loaded());
            message = control.receive();
            if (!(message instanceof ControlMessage.Start)) {
                throw new IOException("expected Start, got " + message.getClass().getSimpleName());
            }
            control.close(); // the function's life is the process's from here; nothing more to say
            int code = runtime.run();
            closeAll(runtime, stdout, stderr);
            return code;
        }
    }

    private static void closeAll(FunctionRuntime runtime, FunctionOutput stdout, FunctionOutput stderr) {
        if (runtime != null) {
            runtime.close();
        }
        if (stdout != null) {
            stdout.close();
        }
        if (stderr != null) {
            stderr.close();
        }
    }
}
