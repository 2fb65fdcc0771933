package dev.hearth.launcher.http;

import dev.hearth.launcher.js.EventLoop;
import dev.hearth.launcher.js.FunctionRuntime;
import dev.hearth.launcher.js.HostApi;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * The Java half of {@code serve.js}: serving a function's fetch handler over {@link HttpServer}.
 * Requests become calls of the JS dispatcher on the loop; the JS side answers through the host
 * functions below, all called on the loop thread. Request ids are the exchanges' ids.
 *
 * <p>Lifecycle: {@code serve.listen} binds, holds the event loop and (for workers and
 * {@code hearth run}) takes over SIGTERM. SIGTERM stops accepting, lets in-flight requests and
 * {@code waitUntil} work finish, then stops the loop, so the process exits 0; if that takes longer
 * than the grace period the process halts with 0 anyway, saying so on the function's stderr.
 */
public final class FetchService implements HostApi {

    @Override
    public void install(Map<String, Object> host, FunctionRuntime runtime) {
        Serving serving = new Serving(runtime);
        runtime.onClose(serving::close);
        host.put("serve.listen", (ProxyExecutable) args -> serving.listen(args[0], args[1]));
        host.put("serve.respond", (ProxyExecutable) args -> serving.respond(args[0].asInt(), args[1].asInt(),
                args[2].asString(), args[3].asString()));
        host.put("serve.write", (ProxyExecutable) args -> serving.write(args[0].asInt(), args[1], args[2].asInt(), args[3].asInt()));
        host.put("serve.respondText", (ProxyExecutable) args -> serving.respondWhole(args[0].asInt(), args[1].asInt(),
                args[2].asString(), args[3].asString(), args[4].asString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        host.put("serve.respondBytes", (ProxyExecutable) args -> serving.respondWhole(args[0].asInt(), args[1].asInt(),
                args[2].asString(), args[3].asString(), bytesOf(args[4], args[5].asInt(), args[6].asInt())));
        host.put("serve.whenWritable", (ProxyExecutable) args -> {
            serving.whenWritable(args[0].asInt(), args[1]);
            return null;
        });
        host.put("serve.end", (ProxyExecutable) args -> {
            serving.end(args[0].asInt());
            return null;
        });
        host.put("serve.abort", (ProxyExecutable) args -> {
            serving.abort(args[0].asInt());
            return null;
        });
        host.put("serve.fail", (ProxyExecutable) args -> {
            serving.fail(args[0].asInt(), args[1].asString());
            return null;
        });
        host.put("serve.pull", (ProxyExecutable) args -> {
            serving.pull(args[0].asInt(), args[1], args[2]);
            return null;
        });
        host.put("serve.hold", (ProxyExecutable) args -> serving.hold());
        host.put("serve.release", (ProxyExecutable) args -> {
            serving.release(args[0].asInt());
            return null;
        });
    }

    private static byte[] bytesOf(Value buffer, int offset, int length) {
        byte[] bytes = new byte[length];
        if (length > 0) {
            buffer.readBuffer(offset, bytes, 0, length);
        }
        return bytes;
    }

    /** One function's serving state; loop thread unless said otherwise. */
    static final class Serving implements HttpServer.Handler {
        private final FunctionRuntime runtime;
        private final EventLoop loop;
        private final Map<Integer, Exchange> exchanges = new HashMap<>();
        private final Map<Integer, EventLoop.Hold> holds = new HashMap<>();
        private int nextHold = 1;
        private Value dispatch;
        private Value abortRequest;
        private HttpServer server;
        private EventLoop.Hold serverHold;
        private volatile boolean terminating;
        private boolean drained;
        /** Ends the process if draining outlasts the grace period; cancelled once serving ended. */
        private volatile Thread graceWatchdog;

        Serving(FunctionRuntime runtime) {
            this.runtime = runtime;
            this.loop = runtime.loop();
        }

        /** Returns null when listening, else why not (JS throws it as the function's error). */
        Object listen(Value dispatchFunction, Value abortFunction) {
            if (server != null) {
                return "the function is already being served";
            }
            ServeSettings settings;
            try {
                settings = runtime.serveSettings();
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
            try {
                server = new HttpServer(settings.bind(), loop::submit, this, line -> runtime.output(2).write(line + "\n"));
            } catch (IOException e) {
                return "cannot listen on " + settings.bind().getHostString() + ":" + settings.bind().getPort() + ": "
                        + e.getMessage();
            }
            dispatch = dispatchFunction;
            abortRequest = abortFunction;
            serverHold = loop.hold();
            settings.stopTrigger().accept(this::terminate);
            settings.onListening().accept(server.address());
            return null;
        }

        @Override
        public void onRequest(Exchange exchange) {
            if (exchange.abandoned()) {
                return;
            }
            int id = exchange.id();
            exchanges.put(id, exchange);
            RequestHead head = exchange.head();
            exchange.onAbandon(() -> {
                if (exchanges.remove(id) != null) {
                    abortRequest.executeVoid(id);
                }
            });
            try {
                dispatch.executeVoid(id, head.method(), head.url(), headerBlob(head.headers()), head.hasBody());
            } catch (PolyglotException e) {
                // serve.js catches the handler's errors itself; this is a failure of serve.js or the engine.
                if (e.isResourceExhausted() || e.isCancelled() || e.isInterrupted()) {
                    throw e;
                }
                fail(id, "hearth: serving " + head.method() + " " + head.target() + " failed: " + e.getMessage());
            }
        }

        Object respond(int id, int status, String statusText, String headerBlob) {
            Exchange e = exchanges.get(id);
            if (e == null || e.abandoned()) {
                return -1;
            }
            List<String> headers = headerBlob.isEmpty() ? List.of() : Arrays.asList(headerBlob.split("\0", -1));
            if (headers.size() % 2 != 0) {
                fail(id, "hearth: a response header of " + e.head().target() + " contains NUL");
                return -1;
            }
            return e.respond(status, statusText, headers) ? 1 : 0;
        }

        /** A whole response in one call (a body known up front): head, body and end. */
        Object respondWhole(int id, int status, String statusText, String headerBlob, byte[] body) {
            Object wanted = respond(id, status, statusText, headerBlob);
            if (!(wanted instanceof Integer w) || w < 0) {
                return wanted;
            }
            Exchange e = exchanges.get(id);
            if (w == 1 && body.length > 0) {
                e.write(body);
            } else if (w == 0) {
                e.headLength = body.length;
            }
            end(id);
            return wanted;
        }

        Object write(int id, Value buffer, int offset, int length) {
            Exchange e = exchanges.get(id);
            if (e == null || e.abandoned()) {
                return -1;
            }
            return e.write(bytesOf(buffer, offset, length)) ? 1 : 0;
        }

        void whenWritable(int id, Value callback) {
            Exchange e = exchanges.get(id);
            if (e == null) {
                callback.executeVoid();
                return;
            }
            e.whenWritable(callback::executeVoid);
        }

        void end(int id) {
            Exchange e = exchanges.remove(id);
            if (e != null) {
                e.end();
            }
            afterExchange();
        }

        void abort(int id) {
            Exchange e = exchanges.remove(id);
            if (e != null) {
                e.abort();
            }
            afterExchange();
        }

        /** The handler threw or rejected (or gave no Response): a 500 if nothing was sent yet, and a line on stderr. */
        void fail(int id, String line) {
            runtime.output(2).write(line.endsWith("\n") ? line : line + "\n");
            Exchange e = exchanges.remove(id);
            if (e != null) {
                if (e.responded) {
                    e.abort();
                } else {
                    e.respondPlain(500, "Internal Server Error");
                }
            }
            afterExchange();
        }

        void pull(int id, Value resolve, Value reject) {
            Exchange e = exchanges.get(id);
            if (e == null) {
                reject.executeVoid("the request body is no longer available (the response was already sent)");
                return;
            }
            e.pullBody(new Exchange.BodyReceiver() {
                @Override
                public void chunk(byte[] bytes) {
                    resolve.executeVoid(bytes == null ? null : ByteBuffer.wrap(bytes));
                }

                @Override
                public void failed(String reason) {
                    reject.executeVoid(reason);
                }
            });
        }

        int hold() {
            int id = nextHold++;
            holds.put(id, loop.hold());
            return id;
        }

        void release(int id) {
            EventLoop.Hold hold = holds.remove(id);
            if (hold != null) {
                hold.release();
            }
            afterExchange();
        }

        /** Any thread (the signal's): stop accepting and finish what is in flight. */
        void terminate() {
            if (terminating || server == null) {
                return;
            }
            terminating = true;
            long graceNanos = runtime.serveSettings().grace().toNanos();
            Thread watchdog = new Thread(() -> {
                try {
                    TimeUnit.NANOSECONDS.sleep(graceNanos);
                } catch (InterruptedException e) {
                    return;
                }
                runtime.output(2).write("hearth: " + server.inFlight() + " request(s) and " + holds.size()
                        + " waitUntil task(s) still running after the grace period of "
                        + runtime.serveSettings().grace().toSeconds() + " s; exiting\n");
                Runtime.getRuntime().halt(0); // the loop may be busy in JS: do not wait for it
            }, "hearth-grace");
            watchdog.setDaemon(true);
            graceWatchdog = watchdog;
            watchdog.start();
            server.drain(() -> loop.submit(() -> {
                drained = true;
                afterExchange();
            }));
        }

        /** After SIGTERM: once connections are gone and waitUntil work is done, the loop stops. */
        private void afterExchange() {
            if (drained && holds.isEmpty() && exchanges.isEmpty()) {
                drained = false;
                if (serverHold != null) {
                    serverHold.release();
                }
                server.close();
                cancelGraceWatchdog();
                loop.stop();
            }
        }

        void close() {
            cancelGraceWatchdog();
            if (server != null) {
                server.close();
            }
        }

        /** A drained server needs no deadline; and a JVM that outlives its function (tests, hearth run) must not be halted. */
        private void cancelGraceWatchdog() {
            Thread watchdog = graceWatchdog;
            graceWatchdog = null;
            if (watchdog != null) {
                watchdog.interrupt();
            }
        }

        private static String headerBlob(List<String> headers) {
            if (headers.isEmpty()) {
                return "";
            }
            StringBuilder s = new StringBuilder(headers.size() * 16);
            for (int i = 0; i < headers.size(); i++) {
                if (i > 0) {
                    s.append('\0');
                }
                s.append(headers.get(i));
            }
            return s.toString();
        }

        List<Integer> openRequestIds() {
            return new ArrayList<>(exchanges.keySet());
        }
    }
}
