package dev.hearth.shim.ttrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.StringValue;
import dev.hearth.shim.ttrpc.TtrpcException.Code;
import dev.hearth.shim.ttrpc.proto.KeyValue;
import dev.hearth.shim.ttrpc.proto.Request;
import dev.hearth.shim.ttrpc.proto.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TtrpcServerTest {
    private static final String SERVICE = "test.Echo";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    Path socket;
    TtrpcServer server;

    @BeforeEach
    void startServer() throws IOException {
        socket = dir.resolve("ttrpc.sock");
        server = new TtrpcServer(socket);
        server.register(SERVICE, "Upper", StringValue.parser(),
                req -> StringValue.of(req.getValue().toUpperCase()));
        server.register(SERVICE, "NotFound", StringValue.parser(), req -> {
            throw TtrpcException.notFound("container " + req.getValue() + ": not found");
        });
        server.register(SERVICE, "Crash", StringValue.parser(), req -> {
            throw new IllegalStateException("boom " + req.getValue());
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void roundTrip() throws Exception {
        try (TtrpcClient client = TtrpcClient.connect(socket)) {
            StringValue answer = client.call(SERVICE, "Upper", StringValue.of("hello"), StringValue.parser(), TIMEOUT);
            assertEquals("HELLO", answer.getValue());
            // The connection stays usable for further calls.
            assertEquals("AGAIN", client.call(SERVICE, "Upper", StringValue.of("again"), StringValue.parser(), TIMEOUT).getValue());
        }
    }

    @Test
    void blockingCallDoesNotHoldUpOthersOnTheSameConnection() throws Exception {
        CountDownLatch waitEntered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        server.register(SERVICE, "Wait", StringValue.parser(), req -> {
            waitEntered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new TtrpcException(Code.CANCELLED, "interrupted");
            }
            return StringValue.of("released");
        });
        try (TtrpcClient client = TtrpcClient.connect(socket)) {
            CompletableFuture<StringValue> wait = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.call(SERVICE, "Wait", StringValue.of(""), StringValue.parser(), TIMEOUT);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            assertTrue(waitEntered.await(10, TimeUnit.SECONDS), "Wait handler never ran");
            // While Wait blocks in its handler, other calls on the same connection are answered.
            for (int i = 0; i < 5; i++) {
                assertEquals("X" + i, client.call(SERVICE, "Upper", StringValue.of("x" + i), StringValue.parser(), TIMEOUT).getValue());
            }
            assertFalse(wait.isDone());
            release.countDown();
            assertEquals("released", wait.get(10, TimeUnit.SECONDS).getValue());
        }
    }

    @Test
    void manyThreadsShareOneClient() throws Exception {
        try (TtrpcClient client = TtrpcClient.connect(socket);
                ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String word = "w" + i;
                answers.add(callers.submit(
                        () -> client.call(SERVICE, "Upper", StringValue.of(word), StringValue.parser(), TIMEOUT).getValue()));
            }
            for (int i = 0; i < answers.size(); i++) {
                assertEquals("W" + i, answers.get(i).get(10, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void unknownMethodAndServiceAreUnimplementedAndNamed() throws Exception {
        try (TtrpcClient client = TtrpcClient.connect(socket)) {
            TtrpcException method = assertThrows(TtrpcException.class,
                    () -> client.call(SERVICE, "Nope", StringValue.of(""), StringValue.parser(), TIMEOUT));
            assertEquals(Code.UNIMPLEMENTED, method.code());
            assertTrue(method.getMessage().contains("Nope"), method.getMessage());

            TtrpcException service = assertThrows(TtrpcException.class,
                    () -> client.call("other.Service", "Upper", StringValue.of(""), StringValue.parser(), TIMEOUT));
            assertEquals(Code.UNIMPLEMENTED, service.code());
            assertTrue(service.getMessage().contains("other.Service"), service.getMessage());
        }
    }

    @Test
    void handlerStatusReachesTheCaller() throws Exception {
        try (TtrpcClient client = TtrpcClient.connect(socket)) {
            TtrpcException e = assertThrows(TtrpcException.class,
                    () -> client.call(SERVICE, "NotFound", StringValue.of("c1"), StringValue.parser(), TIMEOUT));
            assertEquals(Code.NOT_FOUND, e.code());
            assertEquals("container c1: not found", e.getMessage());
        }
    }

    @Test
    void handlerCrashIsInternalAndConnectionSurvives() throws Exception {
        try (TtrpcClient client = TtrpcClient.connect(socket)) {
            TtrpcException e = assertThrows(TtrpcException.class,
                    () -> client.call(SERVICE, "Crash", StringValue.of("now"), StringValue.parser(), TIMEOUT));
            assertEquals(Code.INTERNAL, e.code());
            assertTrue(e.getMessage().contains("boom now"), e.getMessage());
            assertEquals("OK", client.call(SERVICE, "Upper", StringValue.of("ok"), StringValue.parser(), TIMEOUT).getValue());
        }
    }

    @Test
    void undecodablePayloadIsInvalidArgument() throws Exception {
        try (RawConnection raw = RawConnection.open(socket)) {
            // 0xff is not a valid protobuf tag for StringValue's payload: field 31, wire type 7.
            byte[] request = Request.newBuilder().setService(SERVICE).setMethod("Upper")
                    .setPayload(com.google.protobuf.ByteString.copyFrom(new byte[] {(byte) 0xff, 0x01}))
                    .build().toByteArray();
            raw.writeFrame(1, 1, 0, request);
            Response response = Response.parseFrom(raw.readFrame().payload());
            assertEquals(Code.INVALID_ARGUMENT.number(), response.getStatus().getCode());
        }
    }

    @Test
    void responseFrameOnTheWire() throws Exception {
        try (RawConnection raw = RawConnection.open(socket)) {
            byte[] request = Request.newBuilder().setService(SERVICE).setMethod("Upper")
                    .setPayload(StringValue.of("wire").toByteString()).build().toByteArray();
            raw.writeFrame(7, 1, 0, request);
            RawConnection.RawFrame frame = raw.readFrame();
            assertEquals(7, frame.streamId());
            assertEquals(2, frame.type(), "response frames have type 2");
            assertEquals(frame.payload().length, frame.length());
            Response response = Response.parseFrom(frame.payload());
            assertEquals(0, response.getStatus().getCode());
            assertEquals("WIRE", StringValue.parseFrom(response.getPayload()).getValue());
        }
    }

    @Test
    void evenStreamIdIsRefused() throws Exception {
        try (RawConnection raw = RawConnection.open(socket)) {
            byte[] request = Request.newBuilder().setService(SERVICE).setMethod("Upper")
                    .setPayload(StringValue.of("x").toByteString()).build().toByteArray();
            raw.writeFrame(2, 1, 0, request);
            RawConnection.RawFrame frame = raw.readFrame();
            assertEquals(2, frame.streamId());
            assertEquals(Code.INVALID_ARGUMENT.number(), Response.parseFrom(frame.payload()).getStatus().getCode());
        }
    }

    @Test
    void oversizedFrameGetsResourceExhaustedAndConnectionStaysUsable() throws Exception {
        try (RawConnection raw = RawConnection.open(socket)) {
            int tooBig = Frame.MAX_PAYLOAD + 1;
            raw.writeHeader(tooBig, 3, 1, 0);
            raw.writeBytes(new byte[tooBig]);
            RawConnection.RawFrame refused = raw.readFrame();
            assertEquals(3, refused.streamId());
            Response status = Response.parseFrom(refused.payload());
            assertEquals(Code.RESOURCE_EXHAUSTED.number(), status.getStatus().getCode());
            assertTrue(status.getStatus().getMessage().contains(String.valueOf(tooBig)), status.getStatus().getMessage());

            byte[] request = Request.newBuilder().setService(SERVICE).setMethod("Upper")
                    .setPayload(StringValue.of("after").toByteString()).build().toByteArray();
            raw.writeFrame(5, 1, 0, request);
            RawConnection.RawFrame frame = raw.readFrame();
            assertEquals(5, frame.streamId());
            assertEquals("AFTER", StringValue.parseFrom(Response.parseFrom(frame.payload()).getPayload()).getValue());
        }
    }

    @Test
    void garbageClosesOnlyThatConnection() throws Exception {
        try (TtrpcClient bystander = TtrpcClient.connect(socket);
                RawConnection raw = RawConnection.open(socket)) {
            raw.writeBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(raw.closedByPeer(), "server should close a connection that does not speak ttrpc");
            assertEquals("STILL", bystander.call(SERVICE, "Upper", StringValue.of("still"), StringValue.parser(), TIMEOUT).getValue());
        }
        try (TtrpcClient fresh = TtrpcClient.connect(socket)) {
            assertEquals("NEW", fresh.call(SERVICE, "Upper", StringValue.of("new"), StringValue.parser(), TIMEOUT).getValue());
        }
    }

    @Test
    void truncatedFrameDoesNotHurtTheServer() throws Exception {
        try (RawConnection raw = RawConnection.open(socket)) {
            raw.writeHeader(100, 1, 1, 0);
            raw.writeBytes(new byte[10]);
        }
        try (TtrpcClient client = TtrpcClient.connect(socket)) {
            assertEquals("FINE", client.call(SERVICE, "Upper", StringValue.of("fine"), StringValue.parser(), TIMEOUT).getValue());
        }
    }

    @Test
    void handlerSeesMetadataAndDeadline() throws Exception {
        AtomicReference<RequestContext> seen = new AtomicReference<>();
        server.register(SERVICE, "Context", StringValue.parser(), req -> {
            seen.set(RequestContext.current().orElseThrow());
            return StringValue.of("");
        });
        try (TtrpcClient client = TtrpcClient.connect(socket)) {
            client.call(SERVICE, "Context", StringValue.of(""), StringValue.parser(), TIMEOUT,
                    Map.of("containerd-namespace-ttrpc", "k8s.io"));
        }
        RequestContext context = seen.get();
        assertEquals("Context", context.method());
        assertEquals("k8s.io", context.metadataValue("containerd-namespace-ttrpc").orElseThrow());
        assertTrue(context.deadline().isPresent());
        assertFalse(RequestContext.current().isPresent(), "no request context outside a handler");
    }

    @Test
    void clientTimesOutWithDeadlineExceeded() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server.register(SERVICE, "Slow", StringValue.parser(), req -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return StringValue.of("late");
        });
        try (TtrpcClient client = TtrpcClient.connect(socket)) {
            TtrpcException e = assertThrows(TtrpcException.class,
                    () -> client.call(SERVICE, "Slow", StringValue.of(""), StringValue.parser(), Duration.ofMillis(200)));
            assertEquals(Code.DEADLINE_EXCEEDED, e.code());
            release.countDown();
            // The late answer is ignored and the next call gets its own answer.
            assertEquals("NEXT", client.call(SERVICE, "Upper", StringValue.of("next"), StringValue.parser(), TIMEOUT).getValue());
        }
    }

    @Test
    void pendingCallFailsWhenServerCloses() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        server.register(SERVICE, "Forever", StringValue.parser(), req -> {
            entered.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return StringValue.of("");
        });
        try (TtrpcClient client = TtrpcClient.connect(socket)) {
            CompletableFuture<Throwable> failure = CompletableFuture.supplyAsync(() -> {
                try {
                    client.call(SERVICE, "Forever", StringValue.of(""), StringValue.parser(), TIMEOUT);
                    return null;
                } catch (Exception e) {
                    return e;
                }
            });
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            server.close();
            assertTrue(failure.get(10, TimeUnit.SECONDS) instanceof IOException, "a call in flight fails with IOException");
            assertThrows(IOException.class, () -> client.call(SERVICE, "Upper", StringValue.of(""), StringValue.parser(), TIMEOUT));
        }
        assertFalse(Files.exists(socket), "close removes the socket file");
    }

    @Test
    void connectionListenersSeeOpenAndClose() throws Exception {
        AtomicInteger opened = new AtomicInteger();
        CountDownLatch closed = new CountDownLatch(2);
        server.onConnectionOpened(opened::incrementAndGet);
        server.onConnectionClosed(closed::countDown);
        TtrpcClient first = TtrpcClient.connect(socket);
        TtrpcClient second = TtrpcClient.connect(socket);
        first.call(SERVICE, "Upper", StringValue.of("a"), StringValue.parser(), TIMEOUT);
        second.call(SERVICE, "Upper", StringValue.of("b"), StringValue.parser(), TIMEOUT);
        assertEquals(2, opened.get());
        assertEquals(2, server.liveConnections());
        first.close();
        second.close();
        assertTrue(closed.await(10, TimeUnit.SECONDS), "closed listener not called for both connections");
        assertEquals(0, server.liveConnections());
    }

    @Test
    void staleSocketFileIsReplacedButALiveServerIsNot() throws Exception {
        Path staleSocket = dir.resolve("stale.sock");
        Files.writeString(staleSocket, "left over");
        try (TtrpcServer second = new TtrpcServer(staleSocket)) {
            second.register(SERVICE, "Upper", StringValue.parser(), req -> StringValue.of("second"));
            second.start();
            try (TtrpcClient client = TtrpcClient.connect(staleSocket)) {
                assertEquals("second", client.call(SERVICE, "Upper", StringValue.of(""), StringValue.parser(), TIMEOUT).getValue());
            }
        }
        TtrpcServer intruder = new TtrpcServer(socket);
        IOException e = assertThrows(IOException.class, intruder::start);
        assertTrue(e.getMessage().contains("already listening"), e.getMessage());
        try (TtrpcClient client = TtrpcClient.connect(socket)) {
            assertEquals("LIVE", client.call(SERVICE, "Upper", StringValue.of("live"), StringValue.parser(), TIMEOUT).getValue());
        }
    }

    @Test
    void closeLeavesASuccessorsSocketAlone() throws Exception {
        // The daemon unlinks its socket before closing so a successor can bind the same path.
        Files.delete(socket);
        try (TtrpcServer successor = new TtrpcServer(socket)) {
            successor.register(SERVICE, "Upper", StringValue.parser(), req -> StringValue.of("successor"));
            successor.start();
            server.close();
            assertTrue(Files.exists(socket), "closing the old server removed the successor's socket");
            try (TtrpcClient client = TtrpcClient.connect(socket)) {
                assertEquals("successor", client.call(SERVICE, "Upper", StringValue.of(""), StringValue.parser(), TIMEOUT).getValue());
            }
        }
    }

    @Test
    void duplicateRegistrationIsRejected() {
        assertThrows(IllegalStateException.class,
                () -> server.register(SERVICE, "Upper", StringValue.parser(), req -> req));
    }

    @Test
    void requestMetadataIsOnTheWireAsKeyValues() throws Exception {
        // Guards the field numbers: a raw Request with metadata decoded by hand.
        byte[] bytes = Request.newBuilder().setService("s").setMethod("m").setTimeoutNano(5)
                .addMetadata(KeyValue.newBuilder().setKey("k").setValue("v")).build().toByteArray();
        com.google.protobuf.CodedInputStream in = com.google.protobuf.CodedInputStream.newInstance(bytes);
        assertEquals((1 << 3) | 2, in.readTag());
        assertEquals("s", in.readString());
        assertEquals((2 << 3) | 2, in.readTag());
        assertEquals("m", in.readString());
        assertEquals(4 << 3, in.readTag());
        assertEquals(5, in.readInt64());
        assertEquals((5 << 3) | 2, in.readTag());
    }
}
