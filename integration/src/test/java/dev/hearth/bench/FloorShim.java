package dev.hearth.bench;

import com.google.protobuf.Empty;
import com.google.protobuf.Timestamp;
import dev.hearth.shim.proto.task.*;
import dev.hearth.shim.proto.types.Status;
import dev.hearth.shim.ttrpc.TtrpcException;
import dev.hearth.shim.ttrpc.TtrpcServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * containerd's own floor for {@code ctr run --rm}: a shim whose task does nothing. Its binary's
 * {@code start} and {@code delete} are sh builtins only (printf), and its Task service runs in
 * the bench's JVM: Create and Start answer at once, Wait reports exit 0 at once, Delete forgets
 * the task. It makes no process, mount or cgroup and publishes no event (containerd does not
 * need them for a run), so a run through it costs what containerd and ctr cost around any shim:
 * ctr itself, the container and its snapshot, the bundle, containerd's fork/exec of the shim
 * binary for {@code start} and {@code delete}, the ttrpc round trips and the cleanup.
 *
 * <p>ctr names it by the absolute path of its binary ({@code --runtime /path/...-v2}), which
 * containerd 1.6+ accepts in place of a runtime name.
 */
final class FloorShim implements AutoCloseable {
    private static final String SERVICE = "containerd.task.v2.Task";
    /** The pid reported for every task: this JVM's, never signalled (Kill does nothing). */
    private static final int PID = (int) ProcessHandle.current().pid();

    private final TtrpcServer server;
    private final Path binary;
    /** Containers created and not deleted. */
    private final Map<String, FloorTask> tasks = new ConcurrentHashMap<>();

    /** A container's bundle and its exit time, which Start sets: the task ends as it starts. */
    private record FloorTask(String bundle, CompletableFuture<Instant> exited) {}

    FloorShim(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path socket = dir.resolve("floor.sock");
        binary = dir.resolve("containerd-shim-hearthfloor-v2");
        Files.writeString(binary, script(socket));
        Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
        server = new TtrpcServer(socket);
        server.register(SERVICE, "Create", CreateTaskRequest.parser(), this::create);
        server.register(SERVICE, "Start", StartRequest.parser(), this::start);
        server.register(SERVICE, "Wait", WaitRequest.parser(), this::await);
        server.register(SERVICE, "State", StateRequest.parser(), this::state);
        server.register(SERVICE, "Delete", DeleteRequest.parser(), this::delete);
        server.register(SERVICE, "Kill", KillRequest.parser(), r -> Empty.getDefaultInstance());
        server.register(SERVICE, "CloseIO", CloseIORequest.parser(), r -> Empty.getDefaultInstance());
        server.register(SERVICE, "Shutdown", ShutdownRequest.parser(), r -> Empty.getDefaultInstance());
        server.register(SERVICE, "Pids", PidsRequest.parser(), r -> PidsResponse.getDefaultInstance());
        server.register(SERVICE, "Connect", ConnectRequest.parser(),
                r -> ConnectResponse.newBuilder().setShimPid(PID).setTaskPid(PID).build());
        server.start();
    }

    /** What {@code ctr run --runtime} takes to use this shim. */
    String runtime() {
        return binary.toString();
    }

    /**
     * {@code start} prints the bootstrap address (JSON for containerd 1.7+ and 2.x, which set
     * MAX_SHIM_VERSION) and leaves it in the bundle, its working directory, as shims do;
     * {@code delete} prints nothing: an empty DeleteResponse.
     */
    private static String script(Path socket) {
        String address = "unix://" + socket;
        return """
                #!/bin/sh
                # The bench's floor shim (dev.hearth.bench.FloorShim): a task that does nothing.
                for a in "$@"; do
                  case "$a" in
                    start)
                      printf '%%s' '%1$s' > address
                      if [ "${MAX_SHIM_VERSION:-0}" -ge 2 ] 2>/dev/null; then
                        printf '{"version":2,"address":"%%s","protocol":"ttrpc"}' '%1$s'
                      else
                        printf '%%s' '%1$s'
                      fi
                      exit 0 ;;
                    delete) exit 0 ;;
                  esac
                done
                echo "floor shim: start or delete expected" >&2
                exit 1
                """.formatted(address);
    }

    private CreateTaskResponse create(CreateTaskRequest req) throws TtrpcException {
        if (tasks.putIfAbsent(req.getId(), new FloorTask(req.getBundle(), new CompletableFuture<>())) != null) {
            throw new TtrpcException(TtrpcException.Code.ALREADY_EXISTS, "container " + req.getId() + ": already exists");
        }
        return CreateTaskResponse.newBuilder().setPid(PID).build();
    }

    private StartResponse start(StartRequest req) throws TtrpcException {
        known(req.getId()).exited().complete(Instant.now());
        return StartResponse.newBuilder().setPid(PID).build();
    }

    /** ctr asks for Wait before Start: it answers when Start "exits" the task. */
    private WaitResponse await(WaitRequest req) throws TtrpcException {
        Instant exit;
        try {
            exit = known(req.getId()).exited().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TtrpcException(TtrpcException.Code.CANCELLED, "container " + req.getId() + ": wait interrupted");
        } catch (ExecutionException | TimeoutException e) {
            throw new TtrpcException(TtrpcException.Code.DEADLINE_EXCEEDED, "container " + req.getId() + ": not started within 60 s");
        }
        return WaitResponse.newBuilder().setExitStatus(0).setExitedAt(timestamp(exit)).build();
    }

    private StateResponse state(StateRequest req) throws TtrpcException {
        FloorTask task = known(req.getId());
        Instant exit = task.exited().getNow(null);
        StateResponse.Builder b = StateResponse.newBuilder().setId(req.getId()).setBundle(task.bundle()).setPid(PID)
                .setStatus(exit == null ? Status.CREATED : Status.STOPPED);
        if (exit != null) b.setExitStatus(0).setExitedAt(timestamp(exit));
        return b.build();
    }

    private DeleteResponse delete(DeleteRequest req) throws TtrpcException {
        FloorTask task = known(req.getId());
        tasks.remove(req.getId());
        Instant exit = task.exited().getNow(Instant.now());
        return DeleteResponse.newBuilder().setPid(PID).setExitStatus(0).setExitedAt(timestamp(exit)).build();
    }

    private FloorTask known(String id) throws TtrpcException {
        FloorTask task = tasks.get(id);
        if (task == null) throw new TtrpcException(TtrpcException.Code.NOT_FOUND, "container " + id + ": not found");
        return task;
    }

    private static Timestamp timestamp(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }

    @Override
    public void close() {
        server.close();
    }
}
