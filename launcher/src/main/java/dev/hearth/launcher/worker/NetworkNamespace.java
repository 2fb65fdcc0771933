package dev.hearth.launcher.worker;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Moves the calling thread into a network namespace (setns(2) through the JDK's foreign function
 * API): a Kubernetes pod's, for a function of that pod. A namespace is per thread; the worker
 * joins it on its main thread before the function is bound, and that thread creates the
 * function's sockets (a fetch handler's listener) and the threads that create the others
 * (fetch's client, created on first use), which inherit it. Threads that already ran stay where
 * they were; none of them opens sockets for the function.
 */
final class NetworkNamespace {

    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final int CLONE_NEWNET = 0x40000000;

    private NetworkNamespace() {}

    /** Joins the namespace at {@code path} (a /var/run/netns file or /proc/PID/ns/net). */
    static void join(String path) throws IOException {
        Linker linker = Linker.nativeLinker();
        StructLayout callState = Linker.Option.captureStateLayout();
        VarHandle errno = callState.varHandle(MemoryLayout.PathElement.groupElement("errno"));
        Linker.Option captureErrno = Linker.Option.captureCallState("errno");
        MethodHandle open = linker.downcallHandle(linker.defaultLookup().find("open").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), captureErrno);
        MethodHandle setns = linker.downcallHandle(linker.defaultLookup().find("setns").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), captureErrno);
        MethodHandle close = linker.downcallHandle(linker.defaultLookup().find("close").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(callState);
            int fd = (int) open.invokeExact(state, arena.allocateFrom(path), O_RDONLY | O_CLOEXEC);
            if (fd < 0) {
                throw new IOException("cannot open network namespace " + path + ": errno " + (int) errno.get(state, 0L));
            }
            try {
                int result = (int) setns.invokeExact(state, fd, CLONE_NEWNET);
                if (result != 0) {
                    throw new IOException("cannot join network namespace " + path + ": errno " + (int) errno.get(state, 0L));
                }
            } finally {
                int ignored = (int) close.invokeExact(fd);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("cannot join network namespace " + path + ": " + e, e);
        }
    }
}
