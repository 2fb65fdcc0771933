package dev.hearth.shim.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Empty;
import com.google.protobuf.Timestamp;
import dev.hearth.shim.proto.events.TaskCreate;
import dev.hearth.shim.proto.events.TaskDelete;
import dev.hearth.shim.proto.events.TaskExit;
import dev.hearth.shim.proto.events.TaskOOM;
import dev.hearth.shim.proto.events.TaskStart;
import dev.hearth.shim.proto.eventsservice.Envelope;
import dev.hearth.shim.proto.eventsservice.ForwardRequest;
import dev.hearth.shim.ttrpc.RequestContext;
import dev.hearth.shim.ttrpc.TtrpcException;
import dev.hearth.shim.ttrpc.TtrpcServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EventPublisherTest {
    private static final Duration FLUSH = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    /** Stands in for containerd's events service: records what was forwarded. */
    private static final class FakeContainerdEvents implements AutoCloseable {
        final List<Envelope> received = new CopyOnWriteArrayList<>();
        final List<String> namespaceMetadata = new CopyOnWriteArrayList<>();
        final TtrpcServer server;

        FakeContainerdEvents(Path socket) throws IOException {
            server = new TtrpcServer(socket);
            server.register(EventPublisher.SERVICE, EventPublisher.METHOD, ForwardRequest.parser(), this::forward);
            server.start();
        }

        Empty forward(ForwardRequest request) throws TtrpcException {
            RequestContext.current().flatMap(c -> c.metadataValue(EventPublisher.NAMESPACE_KEY)).ifPresent(namespaceMetadata::add);
            received.add(request.getEnvelope());
            return Empty.getDefaultInstance();
        }

        @Override
        public void close() {
            server.close();
        }
    }

    @Test
    void deliversTaskEventsInOrderWithTopicTypeAndNamespace() throws Exception {
        Path socket = dir.resolve("containerd.sock.ttrpc");
        Instant before = Instant.now();
        try (FakeContainerdEvents containerd = new FakeContainerdEvents(socket);
                EventPublisher publisher = new EventPublisher("unix://" + socket, "hearth-ns")) {
            publisher.publish(Topics.TASK_CREATE, TaskCreate.newBuilder().setContainerId("c1").setPid(42).build());
            publisher.publish(Topics.TASK_START, TaskStart.newBuilder().setContainerId("c1").setPid(42).build());
            publisher.publish(Topics.TASK_EXIT, TaskExit.newBuilder().setContainerId("c1").setId("c1").setPid(42).setExitStatus(3).build());
            publisher.publish(Topics.TASK_DELETE, TaskDelete.newBuilder().setContainerId("c1").setPid(42).setExitStatus(3).build());
            assertTrue(publisher.flush(FLUSH), "flush timed out");

            List<Envelope> got = containerd.received;
            assertEquals(List.of("/tasks/create", "/tasks/start", "/tasks/exit", "/tasks/delete"),
                    got.stream().map(Envelope::getTopic).toList());
            assertEquals(List.of("containerd.events.TaskCreate", "containerd.events.TaskStart", "containerd.events.TaskExit",
                    "containerd.events.TaskDelete"), got.stream().map(e -> e.getEvent().getTypeUrl()).toList());
            for (Envelope envelope : got) {
                assertEquals("hearth-ns", envelope.getNamespace());
                Timestamp ts = envelope.getTimestamp();
                Instant at = Instant.ofEpochSecond(ts.getSeconds(), ts.getNanos());
                assertFalse(at.isBefore(before), "timestamp " + at + " is before the publish");
                assertFalse(at.isAfter(Instant.now()), "timestamp " + at + " is in the future");
            }
            TaskExit exit = TaskExit.parseFrom(got.get(2).getEvent().getValue());
            assertEquals(3, exit.getExitStatus());
            assertEquals("c1", exit.getContainerId());
            assertEquals(List.of("hearth-ns", "hearth-ns", "hearth-ns", "hearth-ns"), containerd.namespaceMetadata);
        }
    }

    @Test
    void publishDoesNotBlockWhileContainerdIsSlow() throws Exception {
        Path socket = dir.resolve("slow.sock");
        CountDownLatch release = new CountDownLatch(1);
        List<String> topics = new CopyOnWriteArrayList<>();
        try (TtrpcServer slow = new TtrpcServer(socket)) {
            slow.register(EventPublisher.SERVICE, EventPublisher.METHOD, ForwardRequest.parser(), request -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                topics.add(request.getEnvelope().getTopic());
                return Empty.getDefaultInstance();
            });
            slow.start();
            try (EventPublisher publisher = new EventPublisher(socket.toString(), "ns")) {
                long start = System.nanoTime();
                for (int i = 0; i < 100; i++) {
                    publisher.publish(Topics.TASK_START, TaskStart.newBuilder().setContainerId("c" + i).build());
                }
                long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(elapsedMillis < 2_000, "publish blocked for " + elapsedMillis + " ms");
                assertFalse(publisher.flush(Duration.ofMillis(200)), "flush must report events still in flight");
                release.countDown();
                assertTrue(publisher.flush(FLUSH));
                assertEquals(100, topics.size());
            }
        }
    }

    @Test
    void retriesUntilContainerdListens() throws Exception {
        Path socket = dir.resolve("late.sock");
        var retry = new EventPublisher.RetryPolicy(20, Duration.ofMillis(20), Duration.ofSeconds(5));
        try (EventPublisher publisher = new EventPublisher(socket.toString(), "ns", retry)) {
            publisher.publish(Topics.TASK_CREATE, TaskCreate.newBuilder().setContainerId("early").build());
            Thread.sleep(100); // the first attempts fail: nothing listens yet
            try (FakeContainerdEvents containerd = new FakeContainerdEvents(socket)) {
                assertTrue(publisher.flush(FLUSH));
                assertEquals(1, containerd.received.size());
                assertEquals("containerd.events.TaskCreate", containerd.received.getFirst().getEvent().getTypeUrl());
            }
        }
    }

    @Test
    void dropsAfterRetriesAndKeepsGoing() throws Exception {
        Path socket = dir.resolve("absent.sock");
        var retry = new EventPublisher.RetryPolicy(3, Duration.ofMillis(10), Duration.ofSeconds(1));
        try (EventPublisher publisher = new EventPublisher(socket.toString(), "ns", retry)) {
            publisher.publish(Topics.TASK_OOM, TaskOOM.newBuilder().setContainerId("lost").build());
            assertTrue(publisher.flush(FLUSH), "a dropped event must still settle the flush");
            try (FakeContainerdEvents containerd = new FakeContainerdEvents(socket)) {
                publisher.publish(Topics.TASK_START, TaskStart.newBuilder().setContainerId("found").build());
                assertTrue(publisher.flush(FLUSH));
                assertEquals(1, containerd.received.size());
                assertEquals(Topics.TASK_START, containerd.received.getFirst().getTopic());
            }
        }
    }

    @Test
    void reconnectsWhenContainerdRestarts() throws Exception {
        Path socket = dir.resolve("restart.sock");
        try (EventPublisher publisher = new EventPublisher(socket.toString(), "ns",
                new EventPublisher.RetryPolicy(10, Duration.ofMillis(20), Duration.ofSeconds(5)))) {
            try (FakeContainerdEvents first = new FakeContainerdEvents(socket)) {
                publisher.publish(Topics.TASK_CREATE, TaskCreate.newBuilder().setContainerId("a").build());
                assertTrue(publisher.flush(FLUSH));
                assertEquals(1, first.received.size());
            }
            try (FakeContainerdEvents second = new FakeContainerdEvents(socket)) {
                publisher.publish(Topics.TASK_START, TaskStart.newBuilder().setContainerId("a").build());
                assertTrue(publisher.flush(FLUSH));
                assertEquals(List.of(Topics.TASK_START), second.received.stream().map(Envelope::getTopic).toList());
            }
        }
    }

    @Test
    void closeFlushesThenDropsLaterEvents() throws Exception {
        Path socket = dir.resolve("close.sock");
        try (FakeContainerdEvents containerd = new FakeContainerdEvents(socket)) {
            EventPublisher publisher = new EventPublisher(socket.toString(), "ns");
            publisher.publish(Topics.TASK_EXIT, TaskExit.newBuilder().setContainerId("c").build());
            publisher.publish(Topics.TASK_DELETE, TaskDelete.newBuilder().setContainerId("c").build());
            publisher.close();
            assertEquals(2, containerd.received.size(), "close delivers what was queued");
            publisher.publish(Topics.TASK_START, TaskStart.newBuilder().setContainerId("c").build());
            assertTrue(publisher.flush(Duration.ofSeconds(1)));
            assertEquals(2, containerd.received.size(), "nothing is sent after close");
        }
    }

    @Test
    void withoutAddressEventsAreDroppedQuietly() throws Exception {
        try (EventPublisher publisher = new EventPublisher("", "ns")) {
            publisher.publish(Topics.TASK_START, TaskStart.newBuilder().setContainerId("c").build());
            assertTrue(publisher.flush(Duration.ofSeconds(5)));
        }
    }

    @Test
    void addressMayCarryUnixScheme() {
        assertEquals(Path.of("/run/containerd/containerd.sock.ttrpc"),
                EventPublisher.socketPath("unix:///run/containerd/containerd.sock.ttrpc"));
        assertEquals(Path.of("/run/containerd/containerd.sock.ttrpc"),
                EventPublisher.socketPath("/run/containerd/containerd.sock.ttrpc"));
    }
}
