package dev.hearth.launcher.web.fetch;

import dev.hearth.launcher.js.EventLoop;
import dev.hearth.launcher.web.JsBytes;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * A request body pulled from a JS ReadableStream while it is sent (chunked). For each item the
 * HTTP client demands, the loop calls {@code pull()}, which returns a promise of
 * {@code {buffer, offset, length}} or null at the end; the loop is held while a pull is pending.
 */
final class StreamedBodyPublisher implements HttpRequest.BodyPublisher {

    private final EventLoop loop;
    private final Value pull;
    private boolean subscribed; // loop thread

    StreamedBodyPublisher(EventLoop loop, Value pull) {
        this.loop = loop;
        this.pull = pull;
    }

    @Override
    public long contentLength() {
        return -1; // unknown: chunked transfer encoding
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        Pump pump = new Pump(subscriber);
        subscriber.onSubscribe(pump);
    }

    private final class Pump implements Flow.Subscription {
        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        // loop thread:
        private long demand;
        private boolean pulling;
        private boolean done;
        private boolean first = true;

        Pump(Flow.Subscriber<? super ByteBuffer> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            EventLoop.Hold hold = loop.hold();
            loop.submit(() -> {
                try {
                    if (done) return;
                    demand = n > Long.MAX_VALUE - demand ? Long.MAX_VALUE : demand + n;
                    pullIfNeeded();
                } finally {
                    hold.release();
                }
            });
        }

        @Override
        public void cancel() {
            loop.submit(() -> done = true);
        }

        private void pullIfNeeded() {
            if (done || pulling || demand == 0) return;
            if (first) {
                first = false;
                if (subscribed) {
                    // The HTTP client subscribes again when it retries; the stream cannot replay.
                    finish(new IllegalStateException("the request body stream cannot be sent twice"));
                    return;
                }
                subscribed = true;
            }
            pulling = true;
            EventLoop.Hold hold = loop.hold();
            Value promise;
            try {
                promise = pull.execute();
            } catch (RuntimeException e) {
                hold.release();
                finish(e);
                return;
            }
            promise.invokeMember("then", (ProxyExecutable) args -> {
                pulling = false;
                try {
                    Value chunk = args.length > 0 ? args[0] : null;
                    if (chunk == null || chunk.isNull()) {
                        done = true;
                        subscriber.onComplete();
                    } else {
                        byte[] bytes = JsBytes.read(chunk.getMember("buffer"), chunk.getMember("offset").asLong(),
                                chunk.getMember("length").asInt());
                        demand--;
                        subscriber.onNext(ByteBuffer.wrap(bytes));
                        pullIfNeeded();
                    }
                } finally {
                    hold.release();
                }
                return null;
            }, (ProxyExecutable) args -> {
                pulling = false;
                hold.release();
                String why = args.length > 0 ? String.valueOf(args[0]) : "unknown";
                finish(new java.io.IOException("the request body stream failed: " + why));
                return null;
            });
        }

        private void finish(Throwable error) {
            if (done) return;
            done = true;
            subscriber.onError(error);
        }
    }
}
