package dev.hearth.launcher.protocol;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One end of a shim-to-worker control connection (a unix stream socket): sends and receives
 * {@link ControlMessage}s as length-prefixed frames. One thread sends and receives at a time; the
 * protocol is strictly request/reply.
 *
 * <h2>Frame format</h2>
 * <pre>
 * frame  = length:u32 type:u8 body        length = bytes of type and body, 1 .. 1 MiB
 * body   = the message's fields in record order, each encoded as
 *          string = n:u32 UTF-8 bytes (n of them)
 *          long   = i64
 *          list   = count:u32 string{count}
 *          map    = count:u32 (key:string value:string){count}
 * types  = 1 Hello(token:string, pid:long)
 *          2 Load(entrypoint, rootfs, cwd:string, env:map, args:list, stdin, stdout, stderr:string,
 *                 heapLimit:long, networkNamespace, resolvConf:string)
 *          3 Loaded()   4 LoadFailed(message:string)   5 Start()   6 OutOfMemory(message:string)
 *          7 Prepare()  8 Parked()
 * </pre>
 * All integers are big-endian. A frame with an unknown type, a length out of range, or a body
 * that does not match its type is a protocol error ({@link ProtocolException}); the connection
 * is then useless and the caller closes it.
 */
public final class ControlChannel implements AutoCloseable {

    /** Frames are small (env and args at most); anything bigger is a bug or an attack. */
    public static final int MAX_FRAME = 1 << 20;

    private final SocketChannel socket;

    public ControlChannel(SocketChannel socket) {
        this.socket = socket;
    }

    /** Connects to the daemon's control socket (the worker's side). */
    public static ControlChannel connect(Path socketPath) throws IOException {
        SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            socket.connect(UnixDomainSocketAddress.of(socketPath));
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot connect to the control socket " + socketPath + ": " + e.getMessage(), e);
        }
        return new ControlChannel(socket);
    }

    public void send(ControlMessage message) throws IOException {
        ByteBuffer frame = ByteBuffer.wrap(encode(message));
        while (frame.hasRemaining()) {
            socket.write(frame);
        }
    }

    /** Blocks until a whole frame arrived. {@link EOFException} when the peer closed cleanly. */
    public ControlMessage receive() throws IOException {
        ByteBuffer header = ByteBuffer.allocate(4);
        if (!readFully(header, true)) {
            throw new EOFException("the peer closed the control connection");
        }
        int length = header.flip().getInt();
        if (length < 1 || length > MAX_FRAME) {
            throw new ProtocolException("frame length " + Integer.toUnsignedString(length) + " is out of range 1.." + MAX_FRAME);
        }
        ByteBuffer frame = ByteBuffer.allocate(length);
        readFully(frame, false);
        return decode(frame.array());
    }

    /**
     * {@link #receive()} that gives up after {@code timeout}: the connection is closed then (it
     * cannot be resynchronised mid-frame) and a {@link ControlTimeoutException} is thrown.
     */
    public ControlMessage receive(Duration timeout) throws IOException {
        AtomicBoolean done = new AtomicBoolean();
        AtomicBoolean timedOut = new AtomicBoolean();
        CompletableFuture.runAsync(() -> {
            if (done.compareAndSet(false, true)) {
                timedOut.set(true);
                closeQuietly();
            }
        }, CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS));
        try {
            return receive();
        } catch (IOException e) {
            if (timedOut.get()) {
                throw new ControlTimeoutException("no reply within " + timeout.toMillis() + " ms");
            }
            throw e;
        } finally {
            done.set(true);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    public void closeQuietly() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket we are abandoning; nothing to do about a failure
        }
    }

    private boolean readFully(ByteBuffer buffer, boolean eofAllowedAtStart) throws IOException {
        while (buffer.hasRemaining()) {
            if (socket.read(buffer) < 0) {
                if (eofAllowedAtStart && buffer.position() == 0) {
                    return false;
                }
                throw new EOFException("the control connection closed in the middle of a frame");
            }
        }
        return true;
    }

    static byte[] encode(ControlMessage message) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0); // length, patched below
        out.writeByte(message.type());
        switch (message) {
            case ControlMessage.Hello h -> {
                writeString(out, h.token());
                out.writeLong(h.pid());
            }
            case ControlMessage.Load l -> {
                writeString(out, l.entrypoint());
                writeString(out, l.rootfs());
                writeString(out, l.cwd());
                out.writeInt(l.env().size());
                for (Map.Entry<String, String> e : l.env().entrySet()) {
                    writeString(out, e.getKey());
                    writeString(out, e.getValue());
                }
                out.writeInt(l.args().size());
                for (String arg : l.args()) {
                    writeString(out, arg);
                }
                writeString(out, l.stdin());
                writeString(out, l.stdout());
                writeString(out, l.stderr());
                out.writeLong(l.heapLimit());
                writeString(out, l.networkNamespace());
                writeString(out, l.resolvConf());
            }
            case ControlMessage.LoadFailed f -> writeString(out, f.message());
            case ControlMessage.Loaded l -> { }
            case ControlMessage.Start s -> { }
            case ControlMessage.Prepare p -> { }
            case ControlMessage.Parked p -> { }
            case ControlMessage.OutOfMemory o -> writeString(out, o.message());
        }
        byte[] frame = bytes.toByteArray();
        int length = frame.length - 4;
        if (length > MAX_FRAME) {
            throw new ProtocolException("a " + message.getClass().getSimpleName() + " frame of " + length
                    + " bytes exceeds the limit of " + MAX_FRAME);
        }
        ByteBuffer.wrap(frame).putInt(0, length);
        return frame;
    }

    static ControlMessage decode(byte[] frame) throws ProtocolException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(frame));
        try {
            int type = in.readUnsignedByte();
            ControlMessage message = switch (type) {
                case ControlMessage.Hello.TYPE -> new ControlMessage.Hello(readString(in), in.readLong());
                case ControlMessage.Load.TYPE -> {
                    String entrypoint = readString(in);
                    String rootfs = readString(in);
                    String cwd = readString(in);
                    int envCount = readCount(in);
                    Map<String, String> env = new LinkedHashMap<>();
                    for (int i = 0; i < envCount; i++) {
                        env.put(readString(in), readString(in));
                    }
                    int argCount = readCount(in);
                    List<String> args = new ArrayList<>(argCount);
                    for (int i = 0; i < argCount; i++) {
                        args.add(readString(in));
                    }
                    String stdin = readString(in);
                    String stdout = readString(in);
                    String stderr = readString(in);
                    long heapLimit = in.readLong();
                    if (heapLimit < 0) {
                        throw new ProtocolException("negative heap limit " + heapLimit + " in a Load frame");
                    }
                    String networkNamespace = readString(in);
                    String resolvConf = readString(in);
                    yield new ControlMessage.Load(entrypoint, rootfs, cwd, env, args, stdin, stdout, stderr, heapLimit,
                            networkNamespace, resolvConf);
                }
                case ControlMessage.Loaded.TYPE -> new ControlMessage.Loaded();
                case ControlMessage.LoadFailed.TYPE -> new ControlMessage.LoadFailed(readString(in));
                case ControlMessage.Start.TYPE -> new ControlMessage.Start();
                case ControlMessage.Prepare.TYPE -> new ControlMessage.Prepare();
                case ControlMessage.Parked.TYPE -> new ControlMessage.Parked();
                case ControlMessage.OutOfMemory.TYPE -> new ControlMessage.OutOfMemory(readString(in));
                default -> throw new ProtocolException("unknown frame type " + type);
            };
            if (in.available() > 0) {
                throw new ProtocolException(in.available() + " unexpected bytes after a "
                        + message.getClass().getSimpleName() + " frame");
            }
            return message;
        } catch (EOFException e) {
            throw new ProtocolException(frame.length == 0 ? "empty frame"
                    : "frame of type " + (frame[0] & 0xff) + " is truncated");
        } catch (ProtocolException e) {
            throw e;
        } catch (IOException e) {
            throw new ProtocolException("unreadable frame: " + e.getMessage());
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static int readCount(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > in.available()) { // every entry takes at least one byte
            throw new ProtocolException("count " + count + " does not fit in the frame");
        }
        return count;
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new ProtocolException("string length " + length + " does not fit in the frame");
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
