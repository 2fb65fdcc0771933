package dev.hearth.launcher.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One client connection. The I/O thread reads and parses ({@link #readable}); requests become
 * {@link Exchange}s, queued in arrival order so that pipelined responses leave in that order
 * whatever order the handler finishes them in. The loop thread encodes finished response parts
 * and writes them ({@link #flush}); only when the socket cannot take everything does the I/O
 * thread take over the rest ({@link #writable}). Shared state is guarded by {@code this}.
 */
final class HttpConnection {

    /** Unwritten response bytes above which a streaming handler is asked to wait. */
    static final int OUTPUT_HIGH_WATER = 64 * 1024;
    /** ... and below which it may go on. */
    static final int OUTPUT_LOW_WATER = 16 * 1024;
    /** Requests parsed ahead of their responses (pipelining) before reading pauses. */
    static final int MAX_PIPELINED = 16;

    private enum Input { HEAD, LENGTH_BODY, CHUNKED_BODY, DONE }

    private final HttpServer server;
    private final SocketChannel channel;
    private SelectionKey key;

    // I/O thread only.
    private byte[] readBuf = new byte[RequestParser.MAX_HEAD + 1024];
    private int readPos;
    private int readLimit;
    private Input input = Input.HEAD;
    private Exchange receiving;
    private long lengthRemaining;
    private ChunkedDecoder chunked;
    private long lastReadNanos = System.nanoTime();

    // Shared, guarded by this.
    private final ArrayDeque<Exchange> inOrder = new ArrayDeque<>();
    private final ArrayDeque<ByteBuffer> output = new ArrayDeque<>();
    private long outputBytes;
    private boolean ioThreadWrites;
    private boolean closeAfterOutput;
    private boolean closed;
    private boolean draining;
    private final List<Runnable> writableWaiters = new ArrayList<>(1);

    // Loop thread only.
    boolean dirty;

    HttpConnection(HttpServer server, SocketChannel channel) {
        this.server = server;
        this.channel = channel;
    }

    void attach(SelectionKey key) {
        this.key = key;
    }

    // ---- input (I/O thread) --------------------------------------------------------------------

    /** Reads what the socket has and parses it; work for the loop goes to {@code loopWork}. */
    void readable(List<Runnable> loopWork) {
        int n;
        try {
            if (readLimit == readBuf.length) {
                if (readPos > 0) {
                    compact();
                } else {
                    return; // full of an unfinished head: findHeadEnd refuses it before this
                }
            }
            n = channel.read(ByteBuffer.wrap(readBuf, readLimit, readBuf.length - readLimit));
        } catch (IOException e) {
            closeNow(loopWork);
            return;
        }
        if (n < 0) {
            inputEnded(loopWork);
            return;
        }
        lastReadNanos = System.nanoTime();
        readLimit += n;
        parse(loopWork);
    }

    private void parse(List<Runnable> loopWork) {
        try {
            while (readPos < readLimit) {
                switch (input) {
                    case HEAD -> {
                        if (pipelineFull()) {
                            pauseReading();
                            compact();
                            return;
                        }
                        int end = RequestParser.findHeadEnd(readBuf, readPos, readLimit);
                        if (end < 0) {
                            compact();
                            return;
                        }
                        RequestHead head = RequestParser.parse(readBuf, readPos, end);
                        readPos = end;
                        startExchange(head, loopWork);
                    }
                    case LENGTH_BODY -> {
                        int take = (int) Math.min(lengthRemaining, readLimit - readPos);
                        boolean pause = receiving.bodyData(readBuf, readPos, take, loopWork);
                        readPos += take;
                        lengthRemaining -= take;
                        if (lengthRemaining == 0) {
                            bodyComplete(loopWork);
                        } else if (pause) {
                            pauseForBody();
                            compact();
                            return;
                        }
                    }
                    case CHUNKED_BODY -> {
                        boolean[] pause = new boolean[1];
                        Exchange target = receiving;
                        readPos = chunked.feed(readBuf, readPos, readLimit,
                                (b, off, len) -> pause[0] |= target.bodyData(b, off, len, loopWork));
                        if (chunked.done()) {
                            bodyComplete(loopWork);
                        } else if (pause[0]) {
                            pauseForBody();
                            compact();
                            return;
                        }
                    }
                    case DONE -> {
                        readPos = readLimit; // after Connection: close, anything more is ignored
                    }
                }
            }
            compact();
        } catch (HttpError e) {
            refuse(e, loopWork);
        }
    }

    private void startExchange(RequestHead head, List<Runnable> loopWork) {
        Exchange exchange = new Exchange(server.nextExchangeId(), this, head);
        synchronized (this) {
            if (closed) {
                return;
            }
            inOrder.add(exchange);
        }
        server.requestStarted();
        loopWork.add(() -> server.handler().onRequest(exchange));
        switch (head.framing()) {
            case LENGTH -> {
                receiving = exchange;
                lengthRemaining = head.contentLength();
                input = Input.LENGTH_BODY;
            }
            case CHUNKED -> {
                receiving = exchange;
                chunked = new ChunkedDecoder();
                input = Input.CHUNKED_BODY;
            }
            default -> input = head.keepAlive() ? Input.HEAD : Input.DONE;
        }
    }

    private void bodyComplete(List<Runnable> loopWork) {
        Exchange done = receiving;
        receiving = null;
        chunked = null;
        done.bodyEnd(loopWork);
        input = done.head().keepAlive() ? Input.HEAD : Input.DONE;
    }

    /** A request we cannot serve: answer after the responses before it, then close. */
    private void refuse(HttpError error, List<Runnable> loopWork) {
        if (receiving != null) {
            receiving.bodyFailed("malformed request body: " + error.getMessage(), loopWork);
            // The head of that request is answered by its handler; nothing else can follow safely.
            closeAfterPending(loopWork);
            input = Input.DONE;
            readPos = readLimit;
            return;
        }
        input = Input.DONE;
        readPos = readLimit;
        RequestHead stand = new RequestHead("GET", "/", 1, List.of(), null, RequestHead.Framing.NONE, 0, false, false);
        Exchange refusal = new Exchange(server.nextExchangeId(), this, stand);
        synchronized (this) {
            if (closed) {
                return;
            }
            inOrder.add(refusal);
        }
        server.requestStarted();
        loopWork.add(() -> refusal.respondPlain(error.status(), error.getMessage()));
    }

    /**
     * End of stream from the client. Like Node (allowHalfOpen false), this is the client going
     * away, not a half-close to answer: requests in flight are abandoned (their signals abort)
     * and the connection closes.
     */
    private void inputEnded(List<Runnable> loopWork) {
        if (receiving != null) {
            receiving.bodyFailed("the client closed the connection before the request body ended", loopWork);
        }
        input = Input.DONE;
        closeNow(loopWork);
    }

    private void closeAfterPending(List<Runnable> loopWork) {
        boolean closeNow;
        synchronized (this) {
            closeAfterOutput = true;
            closeNow = inOrder.isEmpty() && output.isEmpty();
        }
        if (closeNow) {
            closeNow(loopWork);
        }
    }

    private synchronized boolean pipelineFull() {
        return inOrder.size() >= MAX_PIPELINED;
    }

    private void pauseReading() {
        setInterest(SelectionKey.OP_READ, false);
    }

    private void pauseForBody() {
        setInterest(SelectionKey.OP_READ, false);
    }

    /** Any thread: reading may go on (the loop took buffered body bytes, or a response finished). */
    void resumeReading() {
        server.onIoThread(() -> {
            if (input == Input.DONE || !channel.isOpen()) {
                return;
            }
            setInterest(SelectionKey.OP_READ, true);
            List<Runnable> loopWork = new ArrayList<>();
            parse(loopWork); // bytes already buffered may hold the next requests
            server.submitToLoop(loopWork);
        });
    }

    private void compact() {
        if (readPos == readLimit) {
            readPos = 0;
            readLimit = 0;
        } else if (readPos > 0) {
            System.arraycopy(readBuf, readPos, readBuf, 0, readLimit - readPos);
            readLimit -= readPos;
            readPos = 0;
        }
    }

    private void setInterest(int op, boolean on) {
        if (key == null) {
            return;
        }
        try {
            int ops = key.interestOps();
            key.interestOps(on ? ops | op : ops & ~op);
        } catch (CancelledKeyException e) {
            // the loop thread closed the channel meanwhile (flush after the last response)
        }
    }

    /**
     * I/O thread: whether the connection has waited too long for its client: idle between
     * requests beyond {@code idleNanos}, or stuck in a request head beyond {@code headNanos}
     * (a client trickling a head in would otherwise hold it forever). Never while a request is
     * in flight: the handler decides how long that takes.
     */
    boolean timedOut(long now, long idleNanos, long headNanos) {
        if (input != Input.HEAD) {
            return false;
        }
        synchronized (this) {
            if (!inOrder.isEmpty() || !output.isEmpty()) {
                return false;
            }
        }
        return now - lastReadNanos > (readPos == readLimit ? idleNanos : headNanos);
    }

    // ---- shutdown (I/O thread) ---------------------------------------------------------------

    /** Graceful stop: idle connections close now, busy ones after their current responses. */
    void drain(List<Runnable> loopWork) {
        synchronized (this) {
            draining = true;
        }
        if (receiving == null) {
            input = Input.DONE;
            readPos = readLimit;
            setInterest(SelectionKey.OP_READ, false);
            closeAfterPending(loopWork);
        }
    }

    // ---- output ----------------------------------------------------------------------------------

    /** Loop: an exchange has something new to send; it goes out at the end of the loop task. */
    void changed() {
        server.markDirty(this);
    }

    synchronized long unwrittenBytes() {
        return outputBytes;
    }

    /** Loop: answers Expect: 100-continue ahead of the response. */
    void sendContinue(Exchange exchange) {
        synchronized (this) {
            // An interim response may only go out when no earlier response is still being written.
            if (inOrder.peek() != exchange || exchange.headWritten) {
                return; // the client will send the body after its timeout anyway
            }
            output.add(ByteBuffer.wrap(ResponseEncoder.CONTINUE));
            outputBytes += ResponseEncoder.CONTINUE.length;
        }
        changed();
    }

    /** Loop: the exchange's body failed; close once what is queued is written. */
    void abortAfter(Exchange exchange) {
        exchange.abortPending = true;
        changed();
    }

    /** Loop: registers a waiter for {@link #OUTPUT_LOW_WATER} (or the connection's end). */
    void whenWritable(Runnable action) {
        boolean now;
        synchronized (this) {
            now = closed || outputBytes < OUTPUT_LOW_WATER;
            if (!now) {
                writableWaiters.add(action);
            }
        }
        if (now) {
            action.run();
        }
    }

    /**
     * Loop: encodes every response part that may leave now (in request order) and writes as
     * much as the socket takes, in one gathering write.
     */
    void flush() {
        List<Runnable> afterwards = new ArrayList<>(1);
        boolean resume = false;
        boolean closeNow = false;
        synchronized (this) {
            if (closed) {
                for (Exchange e : inOrder) {
                    afterwards.add(e::abandon);
                }
                inOrder.clear();
            } else {
                resume = encodeReady(afterwards);
                if (!ioThreadWrites && !output.isEmpty()) {
                    try {
                        writeOutput();
                    } catch (IOException e) {
                        closeNow = true;
                    }
                    if (!closeNow && !output.isEmpty()) {
                        ioThreadWrites = true;
                        server.onIoThread(() -> setInterest(SelectionKey.OP_WRITE, true));
                    }
                }
                if (!closeNow && output.isEmpty() && closeAfterOutput && inOrder.isEmpty()) {
                    closeNow = true;
                }
                if (outputBytes < OUTPUT_LOW_WATER && !writableWaiters.isEmpty()) {
                    afterwards.addAll(writableWaiters);
                    writableWaiters.clear();
                }
            }
        }
        if (closeNow) {
            afterwards.addAll(closeChannel());
        }
        if (resume && !closeNow) {
            resumeReading();
        }
        for (Runnable r : afterwards) {
            r.run();
        }
    }

    /** Moves finished response parts from the exchanges into the output; returns whether reading may resume. */
    private boolean encodeReady(List<Runnable> afterwards) {
        boolean finishedAny = false;
        while (!inOrder.isEmpty()) {
            Exchange e = inOrder.peek();
            if (!e.responded) {
                break;
            }
            if (e.plainStatus != 0) {
                e.keepAliveAfter = e.head().keepAlive() && !draining && !e.bodyNeverRequested();
                e.headWritten = true;
                queue(ResponseEncoder.plain(e.plainStatus, e.plainText, e.keepAliveAfter));
            } else {
                if (!e.headWritten) {
                    writeHead(e);
                }
                for (byte[] chunk : e.unflushed) {
                    if (e.framing == ResponseEncoder.BodyFraming.CHUNKED) {
                        queue(ResponseEncoder.chunkSize(chunk.length));
                        queue(chunk);
                        queue(ResponseEncoder.crlf());
                    } else if (!e.bodiless) {
                        queue(chunk);
                    }
                }
                e.unflushed.clear();
                e.unflushedBytes = 0;
            }
            if (e.abortPending) {
                closeAfterOutput = true;
                inOrder.poll();
                finishExchange(e);
                dropRemaining(afterwards); // nothing after a truncated response can be understood
                break;
            }
            if (!e.ended) {
                break;
            }
            if (e.framing == ResponseEncoder.BodyFraming.CHUNKED) {
                queue(ResponseEncoder.LAST_CHUNK);
            }
            inOrder.poll();
            finishExchange(e);
            finishedAny = true;
            if (!e.keepAliveAfter) {
                closeAfterOutput = true;
                dropRemaining(afterwards);
                break;
            }
        }
        return finishedAny && !closeAfterOutput;
    }

    /** The requests after one that closes the connection: they will never be answered. */
    private void dropRemaining(List<Runnable> afterwards) {
        for (Exchange dropped : inOrder) {
            afterwards.add(dropped::abandon);
            server.requestFinished();
        }
        inOrder.clear();
    }

    private void finishExchange(Exchange e) {
        if (!e.bodyComplete()) {
            e.discardRemainingBody();
        }
        server.requestFinished();
    }

    private void writeHead(Exchange e) {
        ResponseEncoder.BodyFraming framing;
        long length = e.unflushedBytes;
        if (e.bodiless && e.headLength >= 0 && e.status >= 200 && e.status != 204 && e.status != 304) {
            framing = ResponseEncoder.BodyFraming.LENGTH; // HEAD: what a GET would carry; no bytes follow
            length = e.headLength;
        } else if (e.bodiless) {
            framing = ResponseEncoder.BodyFraming.NONE;
        } else if (e.ended) {
            framing = ResponseEncoder.BodyFraming.LENGTH;
        } else if (e.head().minorVersion() == 1) {
            framing = ResponseEncoder.BodyFraming.CHUNKED;
        } else {
            framing = ResponseEncoder.BodyFraming.CLOSE;
        }
        boolean keepAlive = e.head().keepAlive() && !draining && framing != ResponseEncoder.BodyFraming.CLOSE
                && !e.bodyNeverRequested() && !e.abortPending;
        byte[] head;
        try {
            head = ResponseEncoder.head(e.head().minorVersion(), e.status, e.reason, e.headers, framing,
                    length, keepAlive, e.bodiless && framing == ResponseEncoder.BodyFraming.NONE);
        } catch (HttpError error) {
            server.reportHandlerError("invalid response to " + e.head().method() + " " + e.head().target() + ": "
                    + error.getMessage());
            head = ResponseEncoder.plain(500, "Internal Server Error", e.head().keepAlive());
            framing = ResponseEncoder.BodyFraming.NONE;
            e.bodiless = true;
            e.ended = true;
        }
        e.framing = framing;
        e.keepAliveAfter = keepAlive;
        e.headWritten = true;
        queue(head);
    }

    private void queue(byte[] bytes) {
        output.add(ByteBuffer.wrap(bytes));
        outputBytes += bytes.length;
    }

    /** Writes queued output until done or the socket is full; caller holds the lock. */
    private void writeOutput() throws IOException {
        while (!output.isEmpty()) {
            ByteBuffer[] buffers = output.toArray(new ByteBuffer[Math.min(output.size(), 64)]);
            long written = channel.write(buffers, 0, Math.min(buffers.length, 64));
            outputBytes -= written;
            while (!output.isEmpty() && !output.peek().hasRemaining()) {
                output.poll();
            }
            if (written == 0) {
                return;
            }
        }
    }

    /** I/O thread: the socket has room for the rest. */
    void writable(List<Runnable> loopWork) {
        boolean closeNow = false;
        synchronized (this) {
            try {
                writeOutput();
            } catch (IOException e) {
                closeNow = true;
            }
            if (!closeNow && output.isEmpty()) {
                ioThreadWrites = false;
                setInterest(SelectionKey.OP_WRITE, false);
                closeNow = closeAfterOutput && inOrder.isEmpty();
            }
            if (outputBytes < OUTPUT_LOW_WATER && !writableWaiters.isEmpty()) {
                loopWork.addAll(writableWaiters);
                writableWaiters.clear();
            }
        }
        if (closeNow) {
            closeNow(loopWork);
        }
    }

    // ---- closing -------------------------------------------------------------------------------

    /** I/O thread: closes at once; exchanges still open are abandoned on the loop. */
    void closeNow(List<Runnable> loopWork) {
        loopWork.addAll(closeChannel());
    }

    /** Closes the socket once; returns what the loop must run for the exchanges it leaves behind. */
    private List<Runnable> closeChannel() {
        List<Runnable> work = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return work;
            }
            closed = true;
            for (Exchange e : inOrder) {
                work.add(e::abandon);
                server.requestFinished();
            }
            inOrder.clear();
            output.clear();
            outputBytes = 0;
            work.addAll(writableWaiters);
            writableWaiters.clear();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a socket that failed: nothing more to do
        }
        server.connectionClosed(this);
        return work;
    }
}
