package dev.hearth.shim.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.hearth.shim.proto.events.TaskCreate;
import dev.hearth.shim.proto.events.TaskDelete;
import dev.hearth.shim.proto.events.TaskExit;
import dev.hearth.shim.proto.eventsservice.Envelope;
import dev.hearth.shim.proto.eventsservice.EventsServiceProto;
import dev.hearth.shim.proto.eventsservice.ForwardRequest;
import dev.hearth.shim.proto.task.ConnectResponse;
import dev.hearth.shim.proto.task.CreateTaskRequest;
import dev.hearth.shim.proto.task.DeleteResponse;
import dev.hearth.shim.proto.task.KillRequest;
import dev.hearth.shim.proto.task.ShimProto;
import dev.hearth.shim.proto.task.StateResponse;
import dev.hearth.shim.proto.task.WaitResponse;
import dev.hearth.shim.proto.types.Mount;
import dev.hearth.shim.proto.types.Status;
import dev.hearth.shim.ttrpc.proto.Request;
import dev.hearth.shim.ttrpc.proto.Response;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Pins the names and field numbers containerd and ttrpc put on the wire, as published in their
 * API, so an edit of a .proto file that would silently break compatibility fails here.
 */
class WireContractTest {
    private static Map<String, Integer> fields(Descriptor descriptor) {
        Map<String, Integer> numbers = new TreeMap<>();
        for (FieldDescriptor field : descriptor.getFields()) {
            numbers.put(field.getName(), field.getNumber());
        }
        return numbers;
    }

    /** A name-to-number map from alternating arguments (Map.of stops at ten pairs). */
    private static Map<String, Integer> expected(Object... nameThenNumber) {
        Map<String, Integer> numbers = new TreeMap<>();
        for (int i = 0; i < nameThenNumber.length; i += 2) {
            numbers.put((String) nameThenNumber[i], (Integer) nameThenNumber[i + 1]);
        }
        return numbers;
    }

    @Test
    void taskServiceNamesAndMethods() {
        var service = ShimProto.getDescriptor().findServiceByName("Task");
        assertEquals("containerd.task.v2.Task", service.getFullName());
        assertEquals(List.of("State", "Create", "Start", "Delete", "Pids", "Pause", "Resume", "Checkpoint", "Kill", "Exec",
                "ResizePty", "CloseIO", "Update", "Wait", "Stats", "Connect", "Shutdown"),
                service.getMethods().stream().map(m -> m.getName()).toList());
        var events = EventsServiceProto.getDescriptor().findServiceByName("Events");
        assertEquals("containerd.services.events.ttrpc.v1.Events", events.getFullName());
        assertEquals("Forward", events.getMethods().getFirst().getName());
    }

    @Test
    void taskMessagesKeepContainerdFieldNumbers() {
        assertEquals(expected("id", 1, "bundle", 2, "rootfs", 3, "terminal", 4, "stdin", 5, "stdout", 6, "stderr", 7,
                "checkpoint", 8, "parent_checkpoint", 9, "options", 10, "oom_path", 11), fields(CreateTaskRequest.getDescriptor()));
        assertEquals(expected("id", 1, "bundle", 2, "pid", 3, "status", 4, "stdin", 5, "stdout", 6, "stderr", 7, "terminal", 8,
                "exit_status", 9, "exited_at", 10, "exec_id", 11), fields(StateResponse.getDescriptor()));
        assertEquals(Map.of("id", 1, "exec_id", 2, "signal", 3, "all", 4), fields(KillRequest.getDescriptor()));
        assertEquals(Map.of("pid", 1, "exit_status", 2, "exited_at", 3), fields(DeleteResponse.getDescriptor()));
        assertEquals(Map.of("exit_status", 1, "exited_at", 2), fields(WaitResponse.getDescriptor()));
        assertEquals(Map.of("shim_pid", 1, "task_pid", 2, "version", 3), fields(ConnectResponse.getDescriptor()));
        assertEquals(Map.of("type", 1, "source", 2, "target", 3, "options", 4), fields(Mount.getDescriptor()));
        assertEquals("containerd.types.Mount", Mount.getDescriptor().getFullName());
        assertEquals(2, Status.RUNNING.getNumber());
        assertEquals(3, Status.STOPPED.getNumber());
    }

    @Test
    void eventsKeepContainerdNamesAndFieldNumbers() {
        assertEquals("containerd.events.TaskExit", TaskExit.getDescriptor().getFullName());
        assertEquals(Map.of("container_id", 1, "id", 2, "pid", 3, "exit_status", 4, "exited_at", 5, "exit_reason", 6),
                fields(TaskExit.getDescriptor()));
        assertEquals(Map.of("container_id", 1, "bundle", 2, "rootfs", 3, "io", 4, "checkpoint", 5, "pid", 6),
                fields(TaskCreate.getDescriptor()));
        assertEquals(Map.of("container_id", 1, "pid", 2, "exit_status", 3, "exited_at", 4, "id", 5),
                fields(TaskDelete.getDescriptor()));
        assertEquals(Map.of("timestamp", 1, "namespace", 2, "topic", 3, "event", 4), fields(Envelope.getDescriptor()));
        assertEquals(Map.of("envelope", 1), fields(ForwardRequest.getDescriptor()));
    }

    @Test
    void ttrpcEnvelopeMessages() {
        assertEquals(Map.of("service", 1, "method", 2, "payload", 3, "timeout_nano", 4, "metadata", 5),
                fields(Request.getDescriptor()));
        assertEquals(Map.of("status", 1, "payload", 2), fields(Response.getDescriptor()));
    }
}
