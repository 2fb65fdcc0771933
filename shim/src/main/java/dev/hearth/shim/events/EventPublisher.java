package dev.hearth.shim.events;

import dev.hearth.shim.Log;
import com.google.protobuf.Any;
import com.google.protobuf.Empty;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import dev.hearth.shim.proto.eventsservice.Envelope;
import dev.hearth.shim.proto.eventsservice.ForwardRequest;
import dev.hearth.shim.ttrpc.TtrpcClient;
import dev.hearth.shim.ttrpc.TtrpcException;
import dev.hearth.shim.ttrpc.TtrpcException.Code;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Publishes task events to containerd's ttrpc events service (the socket containerd names in
 * {@code TTRPC_ADDRESS}).
 *
 * <p>{@link #publish} only enqueues, so a task call never waits for containerd (which may be
 * busy calling us). One thread delivers in publish order, because containerd requires a task's
 * events in order (create before start before exit before delete). A failed delivery is retried
 * on a fresh connection a few times, then dropped with a log line: an event must not block the
 * ones behind it forever.
 */
public final class EventPublisher implements AutoCloseable {
    static final String SERVICE = "containerd.services.events.ttrpc.v1.Events";
    static final String METHOD = "Forward";
    /** The ttrpc metadata key containerd reads a request's namespace from. */
    static final String NAMESPACE_KEY = "containerd-namespace-ttrpc";

    private static final Log LOG = Log.forComponent("events");
    private static final Duration CLOSE_FLUSH_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    /** How hard to try one event before dropping it. */
    record RetryPolicy(int attempts, Duration firstBackoff, Duration callTimeout) {
        static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(5));
    }

    private record Pending(long seq, String topic, Any event, Timestamp publishedAt) {}

    private static final Pending STOP = new Pending(-1, "", Any.getDefaultInstance(), Timestamp.getDefaultInstance());

    private final Path socket;
    private final String namespace;
    private final RetryPolicy retry;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread deliverer;
    private final Object progress = new Object();
    private long enqueued;
    private long settled;
    private boolean closed;
    /** Touched only by the delivery thread. */
    private TtrpcClient client;

    /**
     * @param ttrpcAddress containerd's ttrpc socket path, with or without {@code unix://};
     *                     null or empty turns publishing off (events are logged and dropped)
     * @param namespace    the containerd namespace the events belong to
     */
    public EventPublisher(String ttrpcAddress, String namespace) {
        this(ttrpcAddress, namespace, RetryPolicy.DEFAULT);
    }

    EventPublisher(String ttrpcAddress, String namespace, RetryPolicy retry) {
        this.socket = socketPath(ttrpcAddress);
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.retry = retry;
        if (socket == null) {
            LOG.warn("no TTRPC_ADDRESS: task events will not reach containerd", "namespace", namespace);
        }
        this.deliverer = Thread.ofPlatform().name("event-publisher").daemon(true).start(this::deliverLoop);
    }

    /**
     * Queues {@code event} for delivery under {@code topic} (see {@link Topics}); never blocks.
     * The envelope's timestamp is taken now, not when containerd receives it.
     */
    public void publish(String topic, Message event) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(event, "event");
        // containerd resolves the payload by its bare full name, e.g. containerd.events.TaskExit.
        Any any = Any.newBuilder()
                .setTypeUrl(event.getDescriptorForType().getFullName())
                .setValue(event.toByteString())
                .build();
        Timestamp now = toTimestamp(Instant.now());
        synchronized (progress) {
            if (closed) {
                LOG.warn("event dropped: publisher is closed", "topic", topic, "type", any.getTypeUrl());
                return;
            }
            queue.add(new Pending(++enqueued, topic, any, now));
        }
    }

    /**
     * Waits until every event published before this call was delivered or dropped.
     *
     * @return false if that did not happen within {@code timeout}
     */
    public boolean flush(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            long target = enqueued;
            while (settled < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                progress.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /** Delivers what is queued (waiting up to 10 s), then stops. Later publishes are dropped. */
    @Override
    public void close() {
        synchronized (progress) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            if (!flush(CLOSE_FLUSH_TIMEOUT)) {
                LOG.warn("closing with undelivered events", "queued", queue.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queue.add(STOP);
        try {
            deliverer.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (deliverer.isAlive()) {
            // Stuck in a retry backoff or a call: interrupting drops the remaining events.
            deliverer.interrupt();
        }
    }

    private void deliverLoop() {
        try {
            while (true) {
                Pending next = queue.take();
                if (next == STOP) {
                    break;
                }
                try {
                    deliver(next);
                } catch (RuntimeException e) {
                    // A bug here must not stop the events behind this one.
                    LOG.error("event dropped: delivery failed", "topic", next.topic(), "error", e.toString());
                } finally {
                    synchronized (progress) {
                        settled = Math.max(settled, next.seq());
                        progress.notifyAll();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            long lost = queue.stream().filter(p -> p != STOP).count();
            if (lost > 0) {
                LOG.warn("events dropped at shutdown", "count", lost);
            }
            disconnect();
            synchronized (progress) {
                settled = enqueued;
                progress.notifyAll();
            }
        }
    }

    private void deliver(Pending event) throws InterruptedException {
        if (socket == null) {
            return;
        }
        ForwardRequest request = ForwardRequest.newBuilder()
                .setEnvelope(Envelope.newBuilder()
                        .setTimestamp(event.publishedAt())
                        .setNamespace(namespace)
                        .setTopic(event.topic())
                        .setEvent(event.event()))
                .build();
        Duration backoff = retry.firstBackoff();
        String lastError = "";
        for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
            try {
                connected().call(SERVICE, METHOD, request, Empty.parser(), retry.callTimeout(), Map.of(NAMESPACE_KEY, namespace));
                return;
            } catch (IOException e) {
                disconnect();
                lastError = e.getMessage();
            } catch (TtrpcException e) {
                if (e.code() != Code.UNAVAILABLE && e.code() != Code.DEADLINE_EXCEEDED) {
                    // containerd refused this event itself; sending it again cannot help.
                    LOG.error("event dropped: containerd refused it", "topic", event.topic(), "type", event.event().getTypeUrl(),
                            "code", e.code(), "error", e.getMessage());
                    return;
                }
                disconnect();
                lastError = e.code() + ": " + e.getMessage();
            }
            if (attempt < retry.attempts()) {
                Thread.sleep(backoff);
                backoff = backoff.multipliedBy(2);
                if (backoff.compareTo(MAX_BACKOFF) > 0) {
                    backoff = MAX_BACKOFF;
                }
            }
        }
        LOG.error("event dropped after retries", "topic", event.topic(), "type", event.event().getTypeUrl(),
                "attempts", retry.attempts(), "socket", socket, "error", lastError);
    }

    private TtrpcClient connected() throws IOException {
        if (client == null) {
            client = TtrpcClient.connect(socket);
        }
        return client;
    }

    private void disconnect() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    static Path socketPath(String ttrpcAddress) {
        if (ttrpcAddress == null || ttrpcAddress.isBlank()) {
            return null;
        }
        String path = ttrpcAddress.startsWith("unix://") ? ttrpcAddress.substring("unix://".length()) : ttrpcAddress;
        return Path.of(path);
    }

    private static Timestamp toTimestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
