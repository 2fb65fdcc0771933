package dev.hearth.launcher.http;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One request on a connection and the response to it. The server's I/O thread creates it and
 * feeds its body; everything else (reading the body, responding, streaming the response) happens
 * on the function's event loop thread, the only thread that calls the methods marked "loop".
 *
 * <p>The response is buffered until the connection flushes (at the end of the loop task that
 * produced it), so a head and a body that is ready at once go out in one write, with a
 * Content-Length; a body still streaming at that point goes out chunked.
 */
public final class Exchange {

    /** Receives the request body, on the loop thread: one call per pull. */
    public interface BodyReceiver {
        /** Some bytes, or null at the end of the body. */
        void chunk(byte[] bytes);

        void failed(String reason);
    }

    /** Request body bytes buffered beyond this pause reading from the client. */
    static final int BODY_HIGH_WATER = 256 * 1024;

    private final int id;
    private final HttpConnection connection;
    private final RequestHead head;

    // Request body: filled by the I/O thread, drained by the loop, guarded by `this`.
    private final ArrayDeque<byte[]> bodyChunks = new ArrayDeque<>();
    private long bodyBuffered;
    private boolean bodyEnded;
    private String bodyError;
    private BodyReceiver waitingReceiver;
    private boolean continueSent;
    private boolean discardBody;

    // Response: loop thread only.
    int status;
    String reason;
    List<String> headers;
    boolean responded;
    boolean ended;
    boolean headWritten;
    boolean bodiless;
    ResponseEncoder.BodyFraming framing;
    final List<byte[]> unflushed = new ArrayList<>(2);
    long unflushedBytes;
    int plainStatus;
    String plainText;
    boolean abortPending;
    boolean keepAliveAfter;
    /** For HEAD: the length the body would have had, when known (a Content-Length to announce). */
    long headLength = -1;
    private boolean abandoned;
    private Runnable onAbandon;

    Exchange(int id, HttpConnection connection, RequestHead head) {
        this.id = id;
        this.connection = connection;
        this.head = head;
        this.bodyEnded = !head.hasBody();
    }

    public int id() {
        return id;
    }

    public RequestHead head() {
        return head;
    }

    /** Loop: whether the client has gone away (responses are dropped). */
    public boolean abandoned() {
        return abandoned;
    }

    /** Loop: what to do if the client goes away before the response has been written. */
    public void onAbandon(Runnable action) {
        this.onAbandon = action;
    }

    // ---- request body ------------------------------------------------------------------------

    /**
     * Loop: asks for the next piece of the body; the receiver is called now when bytes (or the
     * end) are buffered, else later from the loop. The first pull answers {@code Expect:
     * 100-continue}, so a handler that never reads the body never makes the client send it.
     */
    public void pullBody(BodyReceiver receiver) {
        byte[] chunk = null;
        boolean end = false;
        String error;
        boolean sendContinue = false;
        boolean resume = false;
        synchronized (this) {
            error = bodyError;
            if (error == null) {
                if (!bodyChunks.isEmpty()) {
                    chunk = takeAllChunks();
                    resume = bodyBuffered == 0;
                } else if (bodyEnded) {
                    end = true;
                } else {
                    waitingReceiver = receiver;
                    if (head.expectContinue() && !continueSent) {
                        continueSent = true;
                        sendContinue = true;
                    }
                }
            }
        }
        if (sendContinue) {
            connection.sendContinue(this);
        }
        if (resume) {
            connection.resumeReading();
        }
        if (error != null) {
            receiver.failed(error);
        } else if (chunk != null) {
            receiver.chunk(chunk);
        } else if (end) {
            receiver.chunk(null);
        }
    }

    /** I/O thread: body bytes arrived; returns whether reading should pause (too much buffered). */
    boolean bodyData(byte[] buf, int offset, int length, List<Runnable> loopWork) {
        synchronized (this) {
            if (discardBody || bodyError != null) {
                return false;
            }
            bodyChunks.add(java.util.Arrays.copyOfRange(buf, offset, offset + length));
            bodyBuffered += length;
            deliverLater(loopWork);
            return bodyBuffered > BODY_HIGH_WATER;
        }
    }

    /** I/O thread: the body is complete. */
    void bodyEnd(List<Runnable> loopWork) {
        synchronized (this) {
            bodyEnded = true;
            deliverLater(loopWork);
        }
    }

    /** I/O thread (or loop): the body cannot be completed. */
    void bodyFailed(String reason, List<Runnable> loopWork) {
        synchronized (this) {
            if (bodyEnded || bodyError != null) {
                return;
            }
            bodyError = reason;
            deliverLater(loopWork);
        }
    }

    /** Whether the request body still has to arrive although the client was never told to send it. */
    synchronized boolean bodyNeverRequested() {
        return !bodyEnded && head.expectContinue() && !continueSent;
    }

    /** Whether the whole request body has arrived. */
    synchronized boolean bodyComplete() {
        return bodyEnded || bodyError != null;
    }

    /** Whether the body still arrives and should be dropped (the response is done without it). */
    synchronized boolean discardingBody() {
        return discardBody;
    }

    /** Loop: the response is complete; body bytes that still arrive are dropped. */
    synchronized void discardRemainingBody() {
        discardBody = true;
        bodyChunks.clear();
        bodyBuffered = 0;
    }

    private void deliverLater(List<Runnable> loopWork) {
        if (waitingReceiver == null) {
            return;
        }
        BodyReceiver receiver = waitingReceiver;
        waitingReceiver = null;
        loopWork.add(() -> pullBody(receiver));
    }

    private byte[] takeAllChunks() {
        byte[] result;
        if (bodyChunks.size() == 1) {
            result = bodyChunks.poll();
        } else {
            result = new byte[(int) Math.min(Integer.MAX_VALUE - 8, bodyBuffered)];
            int at = 0;
            while (!bodyChunks.isEmpty() && at + bodyChunks.peek().length <= result.length) {
                byte[] c = bodyChunks.poll();
                System.arraycopy(c, 0, result, at, c.length);
                at += c.length;
            }
        }
        bodyBuffered -= result.length;
        return result;
    }

    // ---- response ------------------------------------------------------------------------------

    /**
     * Loop: the status and headers. Returns whether a body is wanted: false for HEAD requests and
     * statuses without a body (1xx, 204, 304), whose body the caller should then cancel.
     */
    public boolean respond(int status, String reason, List<String> headers) {
        if (responded) {
            throw new IllegalStateException("request " + id + " already has a response");
        }
        this.status = status;
        this.reason = reason;
        this.headers = headers;
        this.responded = true;
        this.bodiless = head.method().equals("HEAD") || status == 204 || status == 304 || status < 200;
        connection.changed();
        return !bodiless;
    }

    /**
     * Loop: a piece of the body. Returns false when the client is not keeping up (the caller
     * should wait for {@link #whenWritable}) or has gone away ({@link #abandoned()}).
     */
    public boolean write(byte[] bytes) {
        if (!responded || ended) {
            throw new IllegalStateException("request " + id + ": write outside a response body");
        }
        if (abandoned) {
            return false;
        }
        if (!bodiless && bytes.length > 0) {
            unflushed.add(bytes);
            unflushedBytes += bytes.length;
            connection.changed();
        }
        return unflushedBytes + connection.unwrittenBytes() < HttpConnection.OUTPUT_HIGH_WATER;
    }

    /** Loop: calls {@code action} (on the loop) once the connection has room again or the client is gone. */
    public void whenWritable(Runnable action) {
        connection.whenWritable(action);
    }

    /** Loop: the body is complete. */
    public void end() {
        if (!responded) {
            throw new IllegalStateException("request " + id + ": end before respond");
        }
        if (!ended) {
            ended = true;
            connection.changed();
        }
    }

    /** Loop: the server's own answer (500 after a handler error), when no response was started. */
    public void respondPlain(int status, String text) {
        if (responded) {
            throw new IllegalStateException("request " + id + " already has a response");
        }
        plainStatus = status;
        plainText = text;
        responded = true;
        ended = true;
        connection.changed();
    }

    /**
     * Loop: the response body failed after the head may have gone out. The connection is closed
     * after what was written, so the client sees a truncated response, not a complete one.
     */
    public void abort() {
        if (!ended) {
            ended = true;
            connection.abortAfter(this);
        }
    }

    /** Loop: the connection is gone; tell whoever is waiting. */
    void abandon() {
        if (abandoned) {
            return;
        }
        abandoned = true;
        BodyReceiver receiver;
        synchronized (this) {
            receiver = waitingReceiver;
            waitingReceiver = null;
            if (!bodyEnded && bodyError == null) {
                bodyError = "the client closed the connection before the request body ended";
            }
        }
        if (receiver != null) {
            receiver.failed(bodyError != null ? bodyError : "the client closed the connection");
        }
        if (onAbandon != null) {
            onAbandon.run();
        }
    }
}
