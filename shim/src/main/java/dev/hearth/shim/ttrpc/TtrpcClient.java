package dev.hearth.shim.ttrpc;

import dev.hearth.shim.Log;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.hearth.shim.ttrpc.TtrpcException.Code;
import com.google.protobuf.Parser;
import dev.hearth.shim.ttrpc.proto.KeyValue;
import dev.hearth.shim.ttrpc.proto.Request;
import dev.hearth.shim.ttrpc.proto.Response;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A ttrpc client on one unix-domain socket connection. Thread-safe: calls from several
 * threads share the connection, each on its own (odd) stream id, and their responses are
 * matched by a reader thread.
 */
public final class TtrpcClient implements AutoCloseable {
    private static final Log LOG = Log.forComponent("ttrpc-client");

    private final Path socket;
    private final FrameChannel channel;
    private final Map<Integer, CompletableFuture<Response>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger nextStreamId = new AtomicInteger(1);
    private final Thread reader;
    private volatile IOException failure;

    private TtrpcClient(Path socket, SocketChannel connection) {
        this.socket = socket;
        this.channel = new FrameChannel(connection);
        this.reader = Thread.ofVirtual().name("ttrpc-client-reader").unstarted(this::readLoop);
    }

    /** Connects to a ttrpc server listening on the unix socket {@code socket}. */
    public static TtrpcClient connect(Path socket) throws IOException {
        SocketChannel connection = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            connection.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            connection.close();
            throw new IOException("cannot connect to ttrpc socket " + socket + ": " + e.getMessage(), e);
        }
        TtrpcClient client = new TtrpcClient(socket, connection);
        client.reader.start();
        return client;
    }

    /** Calls {@code service}/{@code method} and waits at most {@code timeout} for its answer. */
    public <R extends Message> R call(String service, String method, Message request, Parser<R> parser, Duration timeout)
            throws TtrpcException, IOException {
        return call(service, method, request, parser, timeout, Map.of());
    }

    /**
     * Like {@link #call(String, String, Message, Parser, Duration)}, sending {@code metadata}
     * with the request (containerd reads its namespace from {@code containerd-namespace-ttrpc}).
     *
     * @throws TtrpcException the server answered with an error status, or DEADLINE_EXCEEDED
     *                        when no answer came in time
     * @throws IOException    the connection failed or was closed
     */
    public <R extends Message> R call(String service, String method, Message request, Parser<R> parser, Duration timeout,
            Map<String, String> metadata) throws TtrpcException, IOException {
        Objects.requireNonNull(timeout, "timeout");
        Request.Builder wire = Request.newBuilder()
                .setService(service)
                .setMethod(method)
                .setPayload(request.toByteString())
                .setTimeoutNano(timeout.toNanos());
        metadata.forEach((k, v) -> wire.addMetadata(KeyValue.newBuilder().setKey(k).setValue(v)));
        byte[] payload = wire.build().toByteArray();
        if (payload.length > Frame.MAX_PAYLOAD) {
            throw new TtrpcException(Code.RESOURCE_EXHAUSTED, service + "/" + method + " request is " + payload.length
                    + " bytes, over the ttrpc limit of " + Frame.MAX_PAYLOAD);
        }

        int streamId = nextStreamId.getAndAdd(2);
        CompletableFuture<Response> answer = new CompletableFuture<>();
        pending.put(streamId, answer);
        try {
            // Checked after registering, so a reader that fails concurrently either sees this
            // call in pending or this call sees its failure.
            IOException failed = failure;
            if (failed != null) {
                throw new IOException("ttrpc connection to " + socket + " is closed: " + failed.getMessage(), failed);
            }
            channel.write(streamId, Frame.TYPE_REQUEST, (byte) 0, payload);
            Response response = await(answer, timeout, service, method);
            if (response.hasStatus() && response.getStatus().getCode() != Code.OK.number()) {
                throw new TtrpcException(Code.forNumber(response.getStatus().getCode()), response.getStatus().getMessage());
            }
            return parser.parseFrom(response.getPayload());
        } finally {
            pending.remove(streamId);
        }
    }

    /** Closes the connection; calls still waiting fail with an IOException. */
    @Override
    public void close() {
        fail(new IOException("client closed"));
        channel.close();
    }

    private Response await(CompletableFuture<Response> answer, Duration timeout, String service, String method)
            throws TtrpcException, IOException {
        try {
            return answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new TtrpcException(Code.DEADLINE_EXCEEDED, service + "/" + method + " got no answer within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + service + "/" + method);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TtrpcException t) {
                throw new TtrpcException(t.code(), t.getMessage(), t);
            }
            if (cause instanceof IOException io) {
                throw new IOException(service + "/" + method + " failed: " + io.getMessage(), io);
            }
            throw new IOException(service + "/" + method + " failed: " + cause, cause);
        }
    }

    private void readLoop() {
        try {
            while (true) {
                Frame frame;
                try {
                    frame = channel.read();
                } catch (FrameChannel.OversizedFrameException e) {
                    CompletableFuture<Response> answer = pending.get(e.streamId);
                    if (answer != null) {
                        answer.completeExceptionally(new TtrpcException(Code.RESOURCE_EXHAUSTED, "response " + e.getMessage()));
                    }
                    continue;
                }
                if (frame.type() != Frame.TYPE_RESPONSE) {
                    LOG.warn("ignoring frame a client does not expect", "socket", socket, "type", Frame.typeName(frame.type()));
                    continue;
                }
                CompletableFuture<Response> answer = pending.get(frame.streamId());
                if (answer == null) {
                    // The caller already gave up (timeout); the late answer has nobody to go to.
                    continue;
                }
                try {
                    answer.complete(Response.parseFrom(frame.payload()));
                } catch (InvalidProtocolBufferException e) {
                    answer.completeExceptionally(new IOException("undecodable ttrpc response: " + e.getMessage(), e));
                }
            }
        } catch (IOException e) {
            fail(failure != null ? failure : e);
        } finally {
            channel.close();
        }
    }

    private void fail(IOException cause) {
        if (failure == null) {
            failure = cause;
        }
        for (CompletableFuture<Response> answer : pending.values()) {
            answer.completeExceptionally(cause);
        }
    }
}
