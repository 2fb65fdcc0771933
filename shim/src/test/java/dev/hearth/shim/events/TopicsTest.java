package dev.hearth.shim.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.StringValue;
import dev.hearth.shim.proto.events.TaskCreate;
import dev.hearth.shim.proto.events.TaskDelete;
import dev.hearth.shim.proto.events.TaskExit;
import dev.hearth.shim.proto.events.TaskOOM;
import dev.hearth.shim.proto.events.TaskStart;
import org.junit.jupiter.api.Test;

class TopicsTest {
    @Test
    void taskEventsMapToContainerdTopics() {
        assertEquals("/tasks/create", Topics.of(TaskCreate.getDefaultInstance()));
        assertEquals("/tasks/start", Topics.of(TaskStart.getDefaultInstance()));
        assertEquals("/tasks/exit", Topics.of(TaskExit.getDefaultInstance()));
        assertEquals("/tasks/delete", Topics.of(TaskDelete.getDefaultInstance()));
        assertEquals("/tasks/oom", Topics.of(TaskOOM.getDefaultInstance()));
    }

    @Test
    void otherMessagesAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Topics.of(StringValue.getDefaultInstance()));
        assertTrue(e.getMessage().contains("google.protobuf.StringValue"), e.getMessage());
    }
}
