package dev.hearth.build;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a POSIX tar stream (ustar headers, pax extended headers where ustar cannot hold a value)
 * that depends only on what is written: every entry gets the same mtime, uid/gid 0 and no user or
 * group names, so the same entries in the same order give the same bytes.
 *
 * <p>Pax headers carry names and link targets longer than 100 bytes or not plain ASCII, and sizes
 * of 8 GiB or more; containerd (Go's archive/tar), GNU tar and skopeo read them. The ustar prefix
 * field is not used: one mechanism for long names is enough.
 */
final class TarWriter implements Closeable {
    private static final int BLOCK = 512;
    private static final long MAX_OCTAL_SIZE = 077777777777L;
    private static final byte REGULAR = '0';
    private static final byte SYMLINK = '2';
    private static final byte DIRECTORY = '5';
    private static final byte PAX_HEADER = 'x';

    private final OutputStream out;
    private final long mtime;
    private boolean finished;

    /** @param mtimeSeconds the modification time of every entry, seconds since the epoch */
    TarWriter(OutputStream out, long mtimeSeconds) {
        if (mtimeSeconds < 0 || mtimeSeconds > MAX_OCTAL_SIZE)
            throw new IllegalArgumentException("tar mtime out of range: " + mtimeSeconds);
        this.out = out;
        this.mtime = mtimeSeconds;
    }

    /** A directory entry; {@code name} gets a trailing slash if it has none. */
    void directory(String name, int mode) throws IOException {
        String dir = name.endsWith("/") ? name : name + "/";
        header(dir, mode, 0, DIRECTORY, "");
    }

    void file(String name, int mode, byte[] content) throws IOException {
        header(name, mode, content.length, REGULAR, "");
        out.write(content);
        pad(content.length);
    }

    /**
     * A regular file of exactly {@code size} bytes read from {@code content}. A source that yields
     * more or fewer bytes (a file changed while it was read) is an error, not a corrupt archive.
     */
    void file(String name, int mode, long size, InputStream content) throws IOException {
        header(name, mode, size, REGULAR, "");
        byte[] buffer = new byte[64 * 1024];
        long copied = 0;
        while (copied < size) {
            int n = content.read(buffer, 0, (int) Math.min(buffer.length, size - copied));
            if (n < 0) throw new SourceChangedException(name + " shrank while it was read (expected " + size + " bytes, got " + copied + ")");
            out.write(buffer, 0, n);
            copied += n;
        }
        if (content.read() >= 0) throw new SourceChangedException(name + " grew while it was read (expected " + size + " bytes)");
        pad(size);
    }

    /** The content given for a file did not have the size declared for it. */
    static final class SourceChangedException extends IOException {
        SourceChangedException(String message) { super(message); }
    }

    void symlink(String name, String target) throws IOException {
        header(name, 0777, 0, SYMLINK, target);
    }

    /** Writes the two zero blocks that end an archive; the underlying stream stays open. */
    void finish() throws IOException {
        if (finished) return;
        out.write(new byte[2 * BLOCK]);
        finished = true;
    }

    @Override
    public void close() throws IOException {
        try {
            finish();
        } finally {
            out.close();
        }
    }

    private void header(String name, int mode, long size, byte type, String linkName) throws IOException {
        if (finished) throw new IllegalStateException("tar already finished");
        if (name.isEmpty()) throw new IllegalArgumentException("tar entry without a name");
        Map<String, String> pax = new LinkedHashMap<>();
        if (!fitsUstar(name)) pax.put("path", name);
        if (!fitsUstar(linkName)) pax.put("linkpath", linkName);
        if (size > MAX_OCTAL_SIZE) pax.put("size", Long.toString(size));
        if (!pax.isEmpty()) {
            byte[] records = paxRecords(pax);
            out.write(block(paxHeaderName(name), 0644, records.length, PAX_HEADER, ""));
            out.write(records);
            pad(records.length);
        }
        out.write(block(ustarFallback(name), mode, size > MAX_OCTAL_SIZE ? 0 : size, type, ustarFallback(linkName)));
    }

    private byte[] block(String name, int mode, long size, byte type, String linkName) {
        byte[] h = new byte[BLOCK];
        put(h, 0, 100, name.getBytes(StandardCharsets.US_ASCII));
        octal(h, 100, 8, mode);
        octal(h, 108, 8, 0); // uid
        octal(h, 116, 8, 0); // gid
        octal(h, 124, 12, size);
        octal(h, 136, 12, mtime);
        h[156] = type;
        put(h, 157, 100, linkName.getBytes(StandardCharsets.US_ASCII));
        put(h, 257, 6, "ustar\0".getBytes(StandardCharsets.US_ASCII));
        put(h, 263, 2, "00".getBytes(StandardCharsets.US_ASCII));
        octal(h, 329, 8, 0); // devmajor
        octal(h, 337, 8, 0); // devminor
        // The checksum is computed with its own field read as eight spaces.
        for (int i = 148; i < 156; i++) h[i] = ' ';
        long sum = 0;
        for (byte b : h) sum += b & 0xff;
        String digits = String.format("%06o", sum);
        put(h, 148, 6, digits.getBytes(StandardCharsets.US_ASCII));
        h[154] = 0;
        h[155] = ' ';
        return h;
    }

    /** ustar holds plain ASCII names up to 100 bytes without a trailing NUL. */
    private static boolean fitsUstar(String value) {
        if (value.length() > 100) return false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0 || c > 0x7e) return false;
        }
        return true;
    }

    /** What a reader without pax support sees: the value cut to 100 ASCII bytes. */
    private static String ustarFallback(String value) {
        if (fitsUstar(value)) return value;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < value.length() && sb.length() < 100; i++) {
            char c = value.charAt(i);
            sb.append(c > 0 && c <= 0x7e ? c : '_');
        }
        return sb.toString();
    }

    private static String paxHeaderName(String name) {
        String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        String base = trimmed.substring(trimmed.lastIndexOf('/') + 1);
        return ustarFallback("PaxHeaders/" + base);
    }

    /** Records "LEN key=value\n" where LEN counts the whole record, its own digits included. */
    static byte[] paxRecords(Map<String, String> values) {
        StringBuilder sb = new StringBuilder();
        for (var e : values.entrySet()) {
            int body = (" " + e.getKey() + "=" + e.getValue() + "\n").getBytes(StandardCharsets.UTF_8).length;
            int length = body + Integer.toString(body).length();
            if (Integer.toString(length).length() > Integer.toString(body).length()) length++;
            sb.append(length).append(' ').append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void put(byte[] header, int offset, int length, byte[] value) {
        if (value.length > length) throw new IllegalArgumentException("tar header field too long");
        System.arraycopy(value, 0, header, offset, value.length);
    }

    /** Zero-padded octal in length-1 digits followed by NUL, as ustar writers do. */
    private static void octal(byte[] header, int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        if (digits.length() > length - 1) throw new IllegalArgumentException("value " + value + " does not fit a tar header field");
        String padded = "0".repeat(length - 1 - digits.length()) + digits;
        put(header, offset, length - 1, padded.getBytes(StandardCharsets.US_ASCII));
        header[offset + length - 1] = 0;
    }

    private void pad(long size) throws IOException {
        int rest = (int) (size % BLOCK);
        if (rest != 0) out.write(new byte[BLOCK - rest]);
    }
}
