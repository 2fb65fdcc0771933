package dev.hearth.launcher;

import dev.hearth.cgroups.Cgroup;
import dev.hearth.cgroups.CgroupException;
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
 *
 * <p>The process is moved into the given cgroup right after it is forked, while the JVM is still
 * loading: what its boot allocates is charged there (the pool's cgroup for a pool worker, the
 * container's for a worker started for one container), not to the daemon.
 */
final class WorkerBooter {

    private final ControlServer control;
    private final Duration bootTimeout;
    private final Consumer<String> log;

    WorkerBooter(ControlServer control, Duration bootTimeout, Consumer<String> log) {
        this.control = control;
        this.bootTimeout = bootTimeout;
        this.log = log;
    }

    /**
     * A worker that booted with {@code command}, in {@code cgroup} (null: where the daemon is),
     * and said hello. {@code subject} starts every error message ("container c1", "pool").
     */
    BootedWorker boot(String subject, WorkerCommand command, Cgroup cgroup) throws LaunchException {
        String token = ControlServer.newToken();
        CompletableFuture<ControlServer.Arrival> hello = control.expect(token);
        ProcessBuilder builder = new ProcessBuilder(command.commandLine(control.path()))
                .directory(new File("/"))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true);
        WorkerCommand.DEFAULT_ENVIRONMENT.forEach(builder.environment()::putIfAbsent);
        builder.environment().put(WorkerMain.TOKEN_ENV, token);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            control.forget(token);
            throw new LaunchException(subject + ": cannot start a worker JVM (" + command.java() + "): " + e.getMessage(), e);
        }
        OutputTail output = OutputTail.follow(process.getInputStream(), "worker " + process.pid() + ": ", log);
        try {
            if (cgroup != null) {
                cgroup.addProcess(process.pid());
            }
            CompletableFuture.anyOf(hello, process.onExit()).get(bootTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!hello.isDone()) {
                throw failed(subject, process, token, output, "exited during boot with status " + process.exitValue());
            }
            ControlServer.Arrival arrival = hello.get();
            BootedWorker worker = new BootedWorker(process, arrival.channel(), output);
            if (arrival.pid() != process.pid()) {
                worker.kill();
                throw new LaunchException(subject + ": worker " + process.pid() + " said hello as pid " + arrival.pid());
            }
            return worker;
        } catch (CgroupException e) {
            failed(subject, process, token, output, "");
            throw new LaunchException(subject + ": cannot move worker " + process.pid() + " into cgroup " + cgroup.path()
                    + ": " + e.getMessage(), e);
        } catch (TimeoutException e) {
            throw failed(subject, process, token, output, "did not say hello within " + bootTimeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw failed(subject, process, token, output, "hello failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(subject, process, token, output, "interrupted while booting");
        }
    }

    private LaunchException failed(String subject, Process process, String token, OutputTail output, String why) {
        control.forget(token);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new LaunchException(subject + ": worker " + process.pid() + " " + why
                + "; its last output:\n" + output.tail(Duration.ofSeconds(2)));
    }
}
