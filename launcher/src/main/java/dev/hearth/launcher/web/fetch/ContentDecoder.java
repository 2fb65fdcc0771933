package dev.hearth.launcher.web.fetch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Undoes a response's Content-Encoding (gzip or deflate) chunk by chunk, as browsers, Node and
 * Deno do for fetch. The gzip header is parsed here (it may arrive split over chunks); the
 * compressed data goes through a raw {@link Inflater}. "deflate" is zlib-wrapped per RFC 9110,
 * but some servers send it raw, so the first two bytes decide. Fed in order by the HTTP client's
 * threads; {@link #end()} may come from the loop thread, hence the locking.
 */
final class ContentDecoder {

    private enum Format { GZIP, DEFLATE }

    private final Format format;
    private Inflater inflater;
    private byte[] header = new byte[0]; // bytes before the inflater starts (gzip header, deflate sniffing)
    private boolean done;

    private ContentDecoder(Format format) {
        this.format = format;
    }

    /** The decoder for a Content-Encoding value, or null when the body is passed through as is. */
    static ContentDecoder forEncoding(String contentEncoding) {
        if (contentEncoding == null) return null;
        return switch (contentEncoding.trim().toLowerCase(Locale.ROOT)) {
            case "gzip", "x-gzip" -> new ContentDecoder(Format.GZIP);
            case "deflate" -> new ContentDecoder(Format.DEFLATE);
            default -> null;
        };
    }

    /** Decodes the next piece of the body; the result may be empty. */
    synchronized ByteBuffer decode(ByteBuffer input) throws IOException {
        byte[] bytes = new byte[input.remaining()];
        input.get(bytes);
        if (done) return ByteBuffer.allocate(0); // a gzip trailer or padding after the end
        if (inflater == null) {
            header = concat(header, bytes);
            int start = format == Format.GZIP ? gzipHeaderLength(header) : deflateStart(header);
            if (start < 0) return ByteBuffer.allocate(0); // need more bytes
            inflater = new Inflater(format == Format.GZIP || !zlibWrapped(header));
            bytes = Arrays.copyOfRange(header, start, header.length);
            header = null;
        }
        return inflate(bytes);
    }

    /** At the end of the body: fails if the compressed data stopped early. */
    synchronized void finish() throws IOException {
        boolean truncated = !done && (inflater != null || header.length > 0);
        end();
        if (truncated) {
            throw new IOException("the " + format.name().toLowerCase(Locale.ROOT) + " body ended before its compressed data did");
        }
    }

    /** Frees the native inflater (also when the body is abandoned). */
    synchronized void end() {
        done = true;
        if (inflater != null) inflater.end();
    }

    private ByteBuffer inflate(byte[] bytes) throws IOException {
        inflater.setInput(bytes);
        byte[] out = new byte[Math.max(8192, bytes.length * 4)];
        int length = 0;
        try {
            while (!inflater.finished()) {
                if (length == out.length) out = Arrays.copyOf(out, out.length * 2);
                int n = inflater.inflate(out, length, out.length - length);
                length += n;
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) break;
            }
        } catch (DataFormatException e) {
            end();
            throw new IOException("the " + format.name().toLowerCase(Locale.ROOT) + " body is corrupt: " + e.getMessage(), e);
        }
        if (inflater.finished()) {
            end();
            inflater = null;
        }
        return ByteBuffer.wrap(out, 0, length);
    }

    private static boolean zlibWrapped(byte[] b) {
        return (b[0] & 0x0f) == 8 && (((b[0] & 0xff) << 8) | (b[1] & 0xff)) % 31 == 0;
    }

    private static int deflateStart(byte[] b) {
        return b.length >= 2 ? 0 : -1;
    }

    /** The gzip header's length (RFC 1952), -1 while incomplete; IOException when it is not gzip. */
    private static int gzipHeaderLength(byte[] b) throws IOException {
        if (b.length < 10) return -1;
        if ((b[0] & 0xff) != 0x1f || (b[1] & 0xff) != 0x8b || b[2] != 8) {
            throw new IOException("the body is not gzip although Content-Encoding says so");
        }
        int flags = b[3] & 0xff;
        int at = 10;
        if ((flags & 4) != 0) { // FEXTRA
            if (b.length < at + 2) return -1;
            at += 2 + ((b[at] & 0xff) | ((b[at + 1] & 0xff) << 8));
        }
        for (int flag : new int[] {8, 16}) { // FNAME, FCOMMENT: zero-terminated
            if ((flags & flag) != 0) {
                while (at < b.length && b[at] != 0) at++;
                if (at >= b.length) return -1;
                at++;
            }
        }
        if ((flags & 2) != 0) at += 2; // FHCRC
        return at <= b.length ? at : -1;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
