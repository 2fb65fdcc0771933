package dev.hearth.launcher.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.launcher.js.FunctionOutput;
import dev.hearth.launcher.protocol.ControlChannel;
import dev.hearth.launcher.protocol.ControlMessage;
import java.io.ByteArrayOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutOfMemoryExitTest {

    @TempDir
    Path tmp;

    /** The worker's end and the daemon's end of a control connection. */
    private record Connection(ControlChannel worker, ControlChannel daemon) implements AutoCloseable {
        @Override
        public void close() {
            worker.closeQuietly();
            daemon.closeQuietly();
        }
    }

    private Connection connect() throws Exception {
        Path socket = tmp.resolve("control.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            ControlChannel worker = ControlChannel.connect(socket);
            SocketChannel accepted = server.accept();
            return new Connection(worker, new ControlChannel(accepted));
        }
    }

    @Test
    void anOutOfMemoryErrorOnAnotherThreadIsReportedOnceAndHaltsAsAnOomKill() throws Exception {
        ByteArrayOutputStream functionStderr = new ByteArrayOutputStream();
        List<Integer> halts = new CopyOnWriteArrayList<>();
        try (Connection c = connect()) {
            OutOfMemoryExit exit = new OutOfMemoryExit(c.worker(), new FunctionOutput("stderr", functionStderr), 54L << 20, halts::add);
            for (int i = 0; i < 2; i++) { // two threads running out: one report, both halt
                Thread thread = new Thread(() -> {
                    throw new OutOfMemoryError("Java heap space");
                }, "hearth-http");
                thread.setUncaughtExceptionHandler(exit);
                thread.start();
                thread.join();
            }
            assertEquals(List.of(137, 137), halts);
            String stderr = functionStderr.toString(StandardCharsets.UTF_8);
            assertTrue(stderr.startsWith("hearth: the function ran out of memory: heap limit 54 MiB ("), stderr);
            assertEquals(1, stderr.lines().count(), stderr);
            ControlMessage frame = c.daemon().receive();
            assertEquals(stderr.strip(), assertInstanceOf(ControlMessage.OutOfMemory.class, frame).message());
            assertEquals(137, exit.report(), "the loop's own OOM after another thread's: no second report");
            assertEquals(1, functionStderr.toString(StandardCharsets.UTF_8).lines().count());
        }
    }

    @Test
    void otherErrorsOnlyEndTheirThread() throws Exception {
        List<Integer> halts = new CopyOnWriteArrayList<>();
        try (Connection c = connect()) {
            OutOfMemoryExit exit = new OutOfMemoryExit(c.worker(), FunctionOutput.discard("stderr"), 54L << 20, halts::add);
            Thread thread = new Thread(() -> {
                throw new IllegalStateException("a bug in a watchdog");
            });
            thread.setUncaughtExceptionHandler(exit);
            thread.start();
            thread.join();
            assertEquals(List.of(), halts);
        }
    }
}
