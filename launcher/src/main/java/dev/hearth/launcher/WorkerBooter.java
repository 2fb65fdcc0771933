package dev.hearth.launcher;

import dev.hearth.launcher.protocol.ControlServer;
import dev.hearth.launcher.worker.WorkerMain;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Starts a fresh worker JVM and waits for its hello. The worker runs in {@code /} (so it never
 * holds a bundle directory busy), reads nothing from stdin, and its own stdout+stderr are one
 * pipe followed by an {@link OutputTail} into the daemon's log.
 */
final class WorkerBooter implements WorkerSource {

    private final ControlServer control;
    private final WorkerCommand command;
    private final Duration bootTimeout;
    private final Consumer<String> log;

    WorkerBooter(ControlServer control, WorkerCommand command, Duration bootTimeout, Consumer<String> log) {
        this.control = control;
        this.command = command;
        this.bootTimeout = bootTimeout;
        this.log = log;
    }

    @Override
    public BootedWorker obtain(String containerId) throws LaunchException {
        String token = ControlServer.newToken();
        CompletableFuture<ControlServer.Arrival> hello = control.expect(token);
        ProcessBuilder builder = new ProcessBuilder(command.commandLine(control.path()))
                .directory(new File("/"))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true);
        builder.environment().put(WorkerMain.TOKEN_ENV, token);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            control.forget(token);
            throw new LaunchException("container " + containerId + ": cannot start a worker JVM ("
                    + command.java() + "): " + e.getMessage(), e);
        }
        OutputTail output = OutputTail.follow(process.getInputStream(), "worker " + process.pid() + ": ", log);
        try {
            CompletableFuture.anyOf(hello, process.onExit()).get(bootTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!hello.isDone()) {
                throw new LaunchException("container " + containerId + ": worker " + process.pid()
                        + " exited during boot with status " + process.exitValue() + ":\n" + output.tail(Duration.ofSeconds(2)));
            }
            ControlServer.Arrival arrival = hello.get();
            BootedWorker worker = new BootedWorker(process, arrival.channel(), output);
            if (arrival.pid() != process.pid()) {
                worker.kill();
                throw new LaunchException("container " + containerId + ": worker " + process.pid()
                        + " said hello as pid " + arrival.pid());
            }
            return worker;
        } catch (TimeoutException e) {
            throw failed(containerId, process, token, output, "did not say hello within " + bootTimeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw failed(containerId, process, token, output, "hello failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(containerId, process, token, output, "interrupted while booting");
        } catch (LaunchException e) {
            control.forget(token);
            throw e;
        }
    }

    private LaunchException failed(String containerId, Process process, String token, OutputTail output, String why) {
        control.forget(token);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new LaunchException("container " + containerId + ": worker " + process.pid() + " " + why
                + "; its last output:\n" + output.tail(Duration.ofSeconds(2)));
    }

    @Override
    public void close() {
        // Nothing held between obtain() calls; the pool will have workers to stop here.
    }
}
