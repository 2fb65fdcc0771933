package dev.hearth.launcher.web.fetch;

import dev.hearth.launcher.js.EventLoop;
import dev.hearth.launcher.web.JsBytes;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Flow;
import org.graalvm.polyglot.Value;

/**
 * A fetched response's body, read by JS one chunk at a time: each {@link #read} requests one
 * item from the HTTP client (so the network is read no faster than the function consumes) and
 * holds the loop until that item, the end or an error is delivered back on the loop thread.
 *
 * <p>The subscriber methods run on HTTP client threads and only submit tasks; all other state is
 * the loop thread's.
 */
final class ResponseBody implements Flow.Subscriber<List<ByteBuffer>> {

    private final EventLoop loop;
    private final Value allocate;
    private final ContentDecoder decoder; // null: the body is not content-encoded
    // loop thread:
    private Flow.Subscription subscription;
    private final ArrayDeque<ByteBuffer> ready = new ArrayDeque<>();
    private boolean ended;
    private String failure;
    private boolean cancelled;
    private boolean requested;
    private Pending pending;

    private record Pending(Value onChunk, Value onEnd, Value onError, EventLoop.Hold hold) {}

    ResponseBody(EventLoop loop, Value allocate, ContentDecoder decoder) {
        this.loop = loop;
        this.allocate = allocate;
        this.decoder = decoder;
    }

    /** The next chunk to {@code onChunk(ArrayBuffer)}, or {@code onEnd()}, or {@code onError(message)}. */
    void read(Value onChunk, Value onEnd, Value onError) {
        if (pending != null) {
            onError.execute("a read of this body is already in progress");
            return;
        }
        pending = new Pending(onChunk, onEnd, onError, loop.hold());
        deliver();
    }

    /** Stops the transfer; a pending read fails. Loop thread. */
    void cancel() {
        if (cancelled) return;
        cancelled = true;
        if (subscription != null) subscription.cancel();
        if (decoder != null) decoder.end();
        ready.clear();
        if (failure == null && !ended) failure = "the body was cancelled";
        deliver();
    }

    private void deliver() {
        Pending p = pending;
        if (p == null) return;
        if (!ready.isEmpty()) {
            pending = null;
            try {
                p.onChunk().execute(JsBytes.toJs(allocate, ready.poll()));
            } finally {
                p.hold().release();
            }
        } else if (failure != null) {
            pending = null;
            try {
                p.onError().execute(failure);
            } finally {
                p.hold().release();
            }
        } else if (ended) {
            pending = null;
            try {
                p.onEnd().execute();
            } finally {
                p.hold().release();
            }
        } else if (subscription != null && !requested) {
            requested = true;
            subscription.request(1);
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        loop.submit(() -> {
            subscription = s;
            if (cancelled) s.cancel();
            else deliver();
        });
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        int size = 0;
        for (ByteBuffer b : item) size += b.remaining();
        ByteBuffer merged;
        if (item.size() == 1) {
            merged = item.get(0);
        } else {
            merged = ByteBuffer.allocate(size);
            for (ByteBuffer b : item) merged.put(b);
            merged.flip();
        }
        if (decoder != null) {
            try {
                merged = decoder.decode(merged);
            } catch (java.io.IOException e) {
                onError(e);
                return;
            }
        }
        ByteBuffer chunk = merged;
        loop.submit(() -> {
            requested = false;
            if (cancelled) return;
            if (chunk.hasRemaining()) ready.add(chunk);
            deliver();
        });
    }

    @Override
    public void onError(Throwable error) {
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        loop.submit(() -> {
            if (failure == null) failure = "the response body failed: " + message;
            if (subscription != null && !ended) subscription.cancel();
            deliver();
        });
    }

    @Override
    public void onComplete() {
        if (decoder != null) {
            try {
                decoder.finish();
            } catch (java.io.IOException e) {
                onError(e);
                return;
            }
        }
        loop.submit(() -> {
            ended = true;
            deliver();
        });
    }
}
