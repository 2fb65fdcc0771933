package dev.hearth.shim.ttrpc;

import dev.hearth.shim.Log;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.hearth.shim.ttrpc.TtrpcException.Code;
import dev.hearth.shim.ttrpc.proto.KeyValue;
import dev.hearth.shim.ttrpc.proto.Request;
import dev.hearth.shim.ttrpc.proto.Response;
import dev.hearth.shim.ttrpc.proto.Status;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** One accepted client connection: reads frames and serves each request on a virtual thread. */
final class ServerConnection {
    private static final Log LOG = Log.forComponent("ttrpc-server");
    private static final AtomicLong IDS = new AtomicLong();

    private final TtrpcServer server;
    private final FrameChannel channel;
    private final long id = IDS.incrementAndGet();
    private final AtomicBoolean closed = new AtomicBoolean();

    ServerConnection(TtrpcServer server, SocketChannel socket) {
        this.server = server;
        this.channel = new FrameChannel(socket);
    }

    long id() {
        return id;
    }

    void serve() {
        try {
            while (true) {
                Frame frame;
                try {
                    frame = channel.read();
                } catch (FrameChannel.OversizedFrameException e) {
                    LOG.warn("oversized frame refused", "conn", id, "stream", Integer.toUnsignedString(e.streamId),
                            "type", Frame.typeName(e.type), "length", e.length);
                    if (e.type != Frame.TYPE_RESPONSE) {
                        respond(e.streamId, Code.RESOURCE_EXHAUSTED, e.getMessage());
                    }
                    continue;
                }
                dispatch(frame);
            }
        } catch (FrameChannel.MalformedFrameException e) {
            LOG.warn("closing connection: undecodable frame header", "conn", id, "error", e.getMessage());
        } catch (FrameChannel.PeerClosedException | ClosedChannelException e) {
            // The client hung up, or the server is closing: the normal end of a connection.
        } catch (EOFException e) {
            LOG.warn("connection ended mid-frame", "conn", id, "error", e.getMessage());
        } catch (IOException e) {
            LOG.warn("connection failed", "conn", id, "error", e.getMessage());
        } finally {
            close();
        }
    }

    void close() {
        if (closed.compareAndSet(false, true)) {
            channel.close();
            server.connectionClosed(this);
        }
    }

    private void dispatch(Frame frame) {
        switch (frame.type()) {
            case Frame.TYPE_REQUEST -> {
                if ((frame.streamId() & 1) == 0) {
                    // Clients use odd ids; even ones are reserved for server-initiated streams.
                    respond(frame.streamId(), Code.INVALID_ARGUMENT,
                            "stream id " + Integer.toUnsignedString(frame.streamId()) + " must be odd for client initiated streams");
                    return;
                }
                Thread.ofVirtual().name("ttrpc-req-" + id + "-" + Integer.toUnsignedString(frame.streamId()))
                        .start(() -> serveRequest(frame));
            }
            case Frame.TYPE_DATA -> respond(frame.streamId(), Code.UNIMPLEMENTED, "ttrpc streams are not supported by this server");
            default -> LOG.warn("ignoring frame a server does not expect", "conn", id, "type", Frame.typeName(frame.type()),
                    "stream", Integer.toUnsignedString(frame.streamId()));
        }
    }

    private void serveRequest(Frame frame) {
        Request request;
        try {
            request = Request.parseFrom(frame.payload());
        } catch (InvalidProtocolBufferException e) {
            respond(frame.streamId(), Code.INVALID_ARGUMENT, "undecodable ttrpc request: " + e.getMessage());
            return;
        }
        TtrpcServer.MethodBinding<?, ?> binding = server.lookup(request.getService(), request.getMethod());
        if (binding == null) {
            String message = server.hasService(request.getService())
                    ? "method " + request.getMethod() + " of service " + request.getService() + " is not implemented"
                    : "service " + request.getService() + " is not implemented (method " + request.getMethod() + ")";
            respond(frame.streamId(), Code.UNIMPLEMENTED, message);
            return;
        }
        RequestContext context = contextOf(request);
        Message result;
        try {
            result = ScopedValue.where(RequestContext.CURRENT, context).call(() -> binding.invoke(request.getPayload().toByteArray()));
        } catch (TtrpcException e) {
            respond(frame.streamId(), e.code(), e.getMessage());
            return;
        } catch (InvalidProtocolBufferException e) {
            respond(frame.streamId(), Code.INVALID_ARGUMENT,
                    "cannot decode the request of " + request.getService() + "/" + request.getMethod() + ": " + e.getMessage());
            return;
        } catch (Exception | Error e) {
            // A handler bug must not take the connection (and so containerd's view of every task) down.
            LOG.error("handler failed", "service", request.getService(), "method", request.getMethod(), "error", e.toString());
            respond(frame.streamId(), Code.INTERNAL, request.getService() + "/" + request.getMethod() + " failed: " + describe(e));
            return;
        }
        if (result == null) {
            respond(frame.streamId(), Code.INTERNAL, request.getService() + "/" + request.getMethod() + " returned no response");
            return;
        }
        byte[] payload = result.toByteArray();
        byte[] response = Response.newBuilder().setPayload(ByteString.copyFrom(payload)).build().toByteArray();
        if (response.length > Frame.MAX_PAYLOAD) {
            respond(frame.streamId(), Code.RESOURCE_EXHAUSTED, "response of " + request.getService() + "/" + request.getMethod()
                    + " is " + response.length + " bytes, over the ttrpc limit of " + Frame.MAX_PAYLOAD);
            return;
        }
        write(frame.streamId(), response);
    }

    private void respond(int streamId, Code code, String message) {
        Status status = Status.newBuilder().setCode(code.number()).setMessage(message == null ? "" : message).build();
        write(streamId, Response.newBuilder().setStatus(status).build().toByteArray());
    }

    private void write(int streamId, byte[] response) {
        try {
            channel.write(streamId, Frame.TYPE_RESPONSE, (byte) 0, response);
        } catch (IOException e) {
            // The client went away while we worked; the reader loop sees the same and cleans up.
            LOG.debug("response not delivered", "conn", id, "stream", Integer.toUnsignedString(streamId), "error", e.toString());
        }
    }

    private static RequestContext contextOf(Request request) {
        Map<String, List<String>> metadata = new LinkedHashMap<>();
        for (KeyValue kv : request.getMetadataList()) {
            metadata.computeIfAbsent(kv.getKey(), k -> new ArrayList<>()).add(kv.getValue());
        }
        Optional<Instant> deadline = request.getTimeoutNano() > 0
                ? Optional.of(Instant.now().plusNanos(request.getTimeoutNano()))
                : Optional.empty();
        return new RequestContext(request.getService(), request.getMethod(), metadata, deadline);
    }

    private static String describe(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getName();
    }
}
