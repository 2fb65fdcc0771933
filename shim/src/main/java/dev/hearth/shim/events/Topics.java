package dev.hearth.shim.events;

import com.google.protobuf.Message;

/** The topics containerd files task events under (what {@code ctr events} prints beside them). */
public final class Topics {
    public static final String TASK_CREATE = "/tasks/create";
    public static final String TASK_START = "/tasks/start";
    public static final String TASK_EXIT = "/tasks/exit";
    public static final String TASK_DELETE = "/tasks/delete";
    public static final String TASK_OOM = "/tasks/oom";
    public static final String TASK_EXEC_ADDED = "/tasks/exec-added";
    public static final String TASK_EXEC_STARTED = "/tasks/exec-started";
    public static final String TASK_PAUSED = "/tasks/paused";
    public static final String TASK_RESUMED = "/tasks/resumed";
    public static final String TASK_CHECKPOINTED = "/tasks/checkpointed";

    private Topics() {}

    /**
     * The topic for one of the task events of {@code containerd/events/task.proto}.
     *
     * @throws IllegalArgumentException for any other message, naming it
     */
    public static String of(Message event) {
        String name = event.getDescriptorForType().getFullName();
        return switch (name) {
            case "containerd.events.TaskCreate" -> TASK_CREATE;
            case "containerd.events.TaskStart" -> TASK_START;
            case "containerd.events.TaskExit" -> TASK_EXIT;
            case "containerd.events.TaskDelete" -> TASK_DELETE;
            case "containerd.events.TaskOOM" -> TASK_OOM;
            case "containerd.events.TaskExecAdded" -> TASK_EXEC_ADDED;
            case "containerd.events.TaskExecStarted" -> TASK_EXEC_STARTED;
            case "containerd.events.TaskPaused" -> TASK_PAUSED;
            case "containerd.events.TaskResumed" -> TASK_RESUMED;
            case "containerd.events.TaskCheckpointed" -> TASK_CHECKPOINTED;
            default -> throw new IllegalArgumentException(name + " is not a containerd task event");
        };
    }
}
