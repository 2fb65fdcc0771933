package dev.hearth.launcher.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The messages of the shim-to-worker control protocol, in the order they are exchanged:
 * worker {@link Hello}, (to a pool worker that no container waits for: daemon {@link Prepare},
 * worker {@link Parked},) daemon {@link Load}, worker {@link Loaded} or {@link LoadFailed}, daemon
 * {@link Start}. Then the worker runs the function; its process exit is the function's exit. The
 * connection stays open while the function runs so that the worker can say {@link OutOfMemory}
 * just before it exits with 137 (the daemon publishes TaskOOM for it, as for the kernel's OOM killer).
 * The wire format is described on {@link ControlChannel}.
 */
public sealed interface ControlMessage {

    /** The frame type byte of this message. */
    int type();

    /** Worker to daemon, first frame: proves who it is (the one-time token) and its pid. */
    record Hello(String token, long pid) implements ControlMessage {
        public static final int TYPE = 1;

        @Override
        public int type() { return TYPE; }
    }

    /**
     * Daemon to worker: what to run. Paths are host paths; {@code cwd} is a container path.
     * stdio entries are FIFO paths, {@code file://} URIs, or empty for "none". {@code heapLimit}:
     * the heap this container allows, in bytes, for a pool worker whose {@code -Xmx} was fixed
     * before it knew its container; 0 when the worker's {@code -Xmx} is already its container's.
     * {@code networkNamespace}: the path of a network namespace the function is to live in (a
     * Kubernetes pod's), or empty for the host's; {@code resolvConf}: the pod's resolv.conf (a
     * host path) for the function's name lookups, or empty for the host's resolver.
     */
    record Load(String entrypoint, String rootfs, String cwd, Map<String, String> env, List<String> args,
            String stdin, String stdout, String stderr, long heapLimit, String networkNamespace, String resolvConf)
            implements ControlMessage {
        public static final int TYPE = 2;

        public Load {
            env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
            args = List.copyOf(args);
            if (heapLimit < 0) {
                throw new IllegalArgumentException("heap limit must not be negative, got " + heapLimit);
            }
            networkNamespace = networkNamespace == null ? "" : networkNamespace;
            resolvConf = resolvConf == null ? "" : resolvConf;
        }

        @Override
        public int type() { return TYPE; }
    }

    /** Worker to daemon: stdio is open and the entrypoint parsed; ready to start. */
    record Loaded() implements ControlMessage {
        public static final int TYPE = 3;

        @Override
        public int type() { return TYPE; }
    }

    /** Worker to daemon: the function cannot run; {@code message} is for the user. The worker exits. */
    record LoadFailed(String message) implements ControlMessage {
        public static final int TYPE = 4;

        @Override
        public int type() { return TYPE; }
    }

    /** Daemon to worker: evaluate the function now. The daemon's last frame. */
    record Start() implements ControlMessage {
        public static final int TYPE = 5;

        @Override
        public int type() { return TYPE; }
    }

    /**
     * Worker to daemon, after Start: the function ran out of memory ({@code message} names the
     * limit that was hit, as written to the function's stderr); the worker exits with 137 next.
     */
    record OutOfMemory(String message) implements ControlMessage {
        public static final int TYPE = 6;

        @Override
        public int type() { return TYPE; }
    }

    /**
     * Daemon to a pool worker, right after its Hello when no container is waiting for it: prepare
     * for later claims (collect the boot's garbage, rehearse, make the function's context), then
     * say {@link Parked}. A worker that gets Load instead runs that container without preparing.
     */
    record Prepare() implements ControlMessage {
        public static final int TYPE = 7;

        @Override
        public int type() { return TYPE; }
    }

    /** Worker to daemon, after Prepare: prepared; it now waits (blocked, no CPU) for its Load. */
    record Parked() implements ControlMessage {
        public static final int TYPE = 8;

        @Override
        public int type() { return TYPE; }
    }
}
