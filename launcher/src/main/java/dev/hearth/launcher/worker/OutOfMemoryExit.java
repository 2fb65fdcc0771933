package dev.hearth.launcher.worker;

import dev.hearth.launcher.js.FunctionOutput;
import dev.hearth.launcher.protocol.ControlChannel;
import dev.hearth.launcher.protocol.ControlMessage;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

/**
 * Ends a function that exhausted the Java heap as the kernel's OOM killer would, whichever thread
 * ran out: the event loop (its OutOfMemoryError reaches {@link WorkerMain}, which calls
 * {@link #report()}) or another one, such as the HTTP server's I/O thread, whose error would
 * otherwise end only that thread and leave a function that no longer serves. As the default
 * uncaught-exception handler it reports and then halts the JVM with {@value
 * OutOfMemoryReport#EXIT_STATUS}: the rest of the process cannot be trusted to finish anything.
 */
final class OutOfMemoryExit implements Thread.UncaughtExceptionHandler {

    private final ControlChannel control;
    private final FunctionOutput stderr;
    private final long heapLimit;
    private final IntConsumer halt;
    private final AtomicBoolean reported = new AtomicBoolean();

    /**
     * @param heapLimit the function's heap limit in bytes, for the report
     * @param halt      ends the process with a status ({@code Runtime.getRuntime()::halt} in a worker)
     */
    OutOfMemoryExit(ControlChannel control, FunctionOutput stderr, long heapLimit, IntConsumer halt) {
        this.control = control;
        this.stderr = stderr;
        this.heapLimit = heapLimit;
        this.halt = halt;
    }

    /**
     * Tells the user which limit was hit (the function's stderr) and the daemon that this is an
     * OOM (an {@code OutOfMemory} frame: it publishes TaskOOM), once however many threads run out
     * at the same time. A daemon that is gone by now still sees the exit status.
     *
     * @return the exit status of an OOM kill
     */
    int report() {
        if (reported.compareAndSet(false, true)) {
            String message = OutOfMemoryReport.describe(heapLimit);
            stderr.write(message + "\n");
            try {
                control.send(new ControlMessage.OutOfMemory(message));
            } catch (IOException e) {
                System.err.println("hearth worker " + ProcessHandle.current().pid() + ": cannot tell the daemon about the OOM: " + e);
            }
        }
        return OutOfMemoryReport.EXIT_STATUS;
    }

    /** Reports the OOM (once) and halts: for a limit found exceeded outside any thread's allocation. */
    void exitNow() {
        halt.accept(report());
    }

    @Override
    public void uncaughtException(Thread thread, Throwable error) {
        if (error instanceof OutOfMemoryError) {
            exitNow();
            return;
        }
        // What the JVM's default handler prints, into the daemon's log (the worker's own stderr).
        System.err.print("Exception in thread \"" + thread.getName() + "\" ");
        error.printStackTrace();
    }
}
