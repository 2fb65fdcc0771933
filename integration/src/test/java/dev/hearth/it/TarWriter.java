package dev.hearth.it;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a ustar archive: directories, regular files and symbolic links, owned by root, mtime 0, which is
 * all the test images need. (The product's image builder has its own; this one keeps the harness independent
 * of the code under test.)
 */
final class TarWriter implements AutoCloseable {
    private static final int BLOCK = 512;
    private final OutputStream out;

    TarWriter(OutputStream out) {
        this.out = out;
    }

    void directory(String name, int mode) throws IOException {
        header(name.endsWith("/") ? name : name + "/", mode, 0, '5', "");
    }

    void file(String name, int mode, byte[] content) throws IOException {
        header(name, mode, content.length, '0', "");
        out.write(content);
        pad(content.length);
    }

    void symlink(String name, String target) throws IOException {
        header(name, 0777, 0, '2', target);
    }

    private void header(String name, int mode, long size, char type, String linkName) throws IOException {
        byte[] h = new byte[BLOCK];
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > 100) {
            throw new IllegalArgumentException("tar entry name longer than 100 bytes: " + name);
        }
        put(h, 0, nameBytes);
        octal(h, 100, 8, mode);
        octal(h, 108, 8, 0); // uid
        octal(h, 116, 8, 0); // gid
        octal(h, 124, 12, size);
        octal(h, 136, 12, 0); // mtime
        h[156] = (byte) type;
        put(h, 157, linkName.getBytes(StandardCharsets.UTF_8));
        put(h, 257, "ustar\0".getBytes(StandardCharsets.US_ASCII));
        put(h, 263, "00".getBytes(StandardCharsets.US_ASCII));
        put(h, 265, "root".getBytes(StandardCharsets.US_ASCII));
        put(h, 297, "root".getBytes(StandardCharsets.US_ASCII));
        // The checksum is computed with its own field read as eight spaces, then stored as 6 octal digits, NUL, space.
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        byte[] digits = String.format("%06o", sum).getBytes(StandardCharsets.US_ASCII);
        put(h, 148, digits);
        h[154] = 0;
        h[155] = ' ';
        out.write(h);
    }

    private static void octal(byte[] h, int offset, int width, long value) {
        String digits = String.format("%0" + (width - 1) + "o", value);
        if (digits.length() > width - 1) {
            throw new IllegalArgumentException("value " + value + " does not fit a " + width + "-byte tar field");
        }
        put(h, offset, digits.getBytes(StandardCharsets.US_ASCII)); // followed by the NUL already there
    }

    private static void put(byte[] h, int offset, byte[] bytes) {
        System.arraycopy(bytes, 0, h, offset, bytes.length);
    }

    private void pad(long size) throws IOException {
        int rest = (int) (size % BLOCK);
        if (rest != 0) {
            out.write(new byte[BLOCK - rest]);
        }
    }

    /** Ends the archive with its two zero blocks and closes the stream. */
    @Override
    public void close() throws IOException {
        out.write(new byte[2 * BLOCK]);
        out.close();
    }
}
